package dev.athena.gateway.tools;

/**
 * Something a tool call names does not exist in the caller's project, for example a memory id: a 404 problem over REST,
 * an error result over MCP. Tool handlers throw it; the message is shown to the caller.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
