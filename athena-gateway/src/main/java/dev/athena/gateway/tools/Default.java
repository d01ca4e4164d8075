package dev.athena.gateway.tools;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a tool does when the parameter is left out, published as the parameter's JSON Schema {@code default}. Text as
 * the wire writes it: an enum's wire name, a number, {@code true}; {@link ToolSchemas} refuses at start-up a default
 * the parameter itself would not accept. Documentation only: the value is applied where the tool or the service applies
 * it, from the same constant.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Default {

    String value();
}
