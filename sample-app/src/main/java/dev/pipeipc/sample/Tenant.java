package dev.pipeipc.sample;

/**
 * Whose orders these are: the operating-system user of the calling process, given to handlers by
 * {@link TenantArgumentResolver}.
 *
 * @param name the user name, or {@code local} where the platform does not tell
 */
public record Tenant(String name) {

}
