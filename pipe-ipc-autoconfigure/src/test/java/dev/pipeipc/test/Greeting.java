package dev.pipeipc.test;

/**
 * What {@code greet} answers.
 *
 * @param text the greeting
 * @param length its length
 */
public record Greeting(String text, int length) {

}
