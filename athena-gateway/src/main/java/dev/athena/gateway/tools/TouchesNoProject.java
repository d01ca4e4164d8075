package dev.athena.gateway.tools;

/**
 * Tool parameters of a tool that reads and writes no project's data (for example prompt compression): any caller with a
 * valid API key may use it, whatever projects the key is bound to.
 */
public interface TouchesNoProject {}
