package dev.coffer.server.operator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a feature's top-level picocli command (such as {@code user} or {@code keys}) for
 * {@link OperatorCommands}, which finds them on the class path: the runner names no
 * feature, and a feature adds a command by annotating it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OperatorCommand {

}
