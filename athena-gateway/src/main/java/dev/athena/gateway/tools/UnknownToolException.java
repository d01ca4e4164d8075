package dev.athena.gateway.tools;

/** A request named a tool the gateway does not have. */
public class UnknownToolException extends RuntimeException {

    public UnknownToolException(String name) {
        super("no tool named '" + name + "'");
    }
}
