package dev.pipeipc.autoconfigure;


import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.pipeipc.transport.PipeAddresses;

/**
 * Matches when the application runs on Windows, so Kernel32 is never touched elsewhere.
 */
class OnWindowsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String os = System.getProperty("os.name", "");
		return PipeAddresses.isWindows() ? ConditionOutcome.match("running on " + os)
				: ConditionOutcome.noMatch("not running on Windows but on " + os);
	}

}
