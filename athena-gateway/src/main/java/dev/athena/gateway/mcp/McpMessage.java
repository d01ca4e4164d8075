package dev.athena.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import dev.athena.gateway.tools.InvalidParametersException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON-RPC message posted to {@code /mcp}, checked before the SDK sees it: well-formed, one message, the envelope
 * in shape ({@code jsonrpc}, {@code id}, {@code method}), within the size limits of {@link McpProperties}, and the
 * parameters the SDK would otherwise fail on with an internal error ({@code initialize}'s {@code clientInfo} and
 * {@code protocolVersion}, {@code tools/call}'s {@code name} and {@code arguments}) of the right type. Every refusal is
 * an {@link InvalidParametersException} naming the field; none repeats what the client sent.
 *
 * @param method the method, or {@code null} for a response to a request of the server (a ping)
 * @param isRequest whether the message carries an {@code id} and a method, so it expects an answer
 */
record McpMessage(@Nullable String method, boolean isRequest) {

    static final String INITIALIZE = "initialize";
    static final String TOOLS_CALL = "tools/call";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9_/.$-]{1,64}");
    private static final Pattern TEXT_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final Pattern PROTOCOL_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    boolean isInitialize() {
        return INITIALIZE.equals(method);
    }

    boolean isNotification() {
        return method != null && !isRequest;
    }

    static McpMessage parse(byte[] body, McpProperties limits) {
        JsonNode message = read(body);
        if (!message.isObject()) {
            throw new InvalidParametersException("body", "must be one JSON-RPC message object");
        }
        JsonNode version = message.path("jsonrpc");
        if (!version.isString() || !version.asString().equals("2.0")) {
            throw new InvalidParametersException("jsonrpc", "must be \"2.0\"");
        }
        JsonNode id = message.get("id");
        if (id != null
                && !(id.isIntegralNumber()
                        || (id.isString() && TEXT_ID.matcher(id.asString()).matches()))) {
            throw new InvalidParametersException("id", "must be an integer or 1 to 64 printable ASCII characters");
        }
        JsonNode methodNode = message.get("method");
        if (methodNode != null
                && !(methodNode.isString()
                        && METHOD.matcher(methodNode.asString()).matches())) {
            throw new InvalidParametersException("method", "must be an MCP method name of at most 64 characters");
        }
        String method = methodNode == null ? null : methodNode.asString();
        if (method == null && id == null) {
            throw new InvalidParametersException("method", "is required in a request or notification");
        }
        boolean toolCall = TOOLS_CALL.equals(method);
        // The field checks come first, so that the answer names the field that made the message too large.
        requireShortText(message, "", toolCall, limits.maxFieldLength());
        if (INITIALIZE.equals(method)) {
            checkInitialize(message.path("params"), limits);
        } else if (toolCall) {
            checkToolCall(message.path("params"));
        }
        if (!toolCall && body.length > limits.maxMessageSize().toBytes()) {
            throw new InvalidParametersException(
                    "body",
                    "is larger than " + limits.maxMessageSize().toBytes()
                            + " bytes, the limit of MCP messages other than tools/call (athena.mcp.max-message-size)");
        }
        return new McpMessage(method, method != null && id != null);
    }

    private static JsonNode read(byte[] body) {
        if (body.length == 0) {
            throw new InvalidParametersException("body", "is empty: send one JSON-RPC message");
        }
        try {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new InvalidParametersException(
                    "body", "is not one well-formed JSON value (a repeated key counts as malformed)");
        }
    }

    private static void checkInitialize(JsonNode params, McpProperties limits) {
        if (!params.isObject()) {
            throw new InvalidParametersException("params", "must be an object");
        }
        JsonNode protocolVersion = params.path("protocolVersion");
        if (!protocolVersion.isString()
                || !PROTOCOL_VERSION.matcher(protocolVersion.asString()).matches()) {
            throw new InvalidParametersException(
                    "params.protocolVersion", "must be an MCP protocol version such as \"2025-06-18\"");
        }
        JsonNode clientInfo = params.path("clientInfo");
        if (!clientInfo.isObject() || !clientInfo.path("name").isString()) {
            throw new InvalidParametersException("params.clientInfo", "must be an object with a name");
        }
        long size = JSON.writeValueAsBytes(clientInfo).length;
        if (size > limits.maxClientInfoSize().toBytes()) {
            throw new InvalidParametersException(
                    "params.clientInfo",
                    "is larger than " + limits.maxClientInfoSize().toBytes()
                            + " bytes as JSON (athena.mcp.max-client-info-size)");
        }
        JsonNode capabilities = params.get("capabilities");
        if (capabilities != null && !capabilities.isObject()) {
            throw new InvalidParametersException("params.capabilities", "must be an object");
        }
    }

    private static void checkToolCall(JsonNode params) {
        if (!params.isObject() || !params.path("name").isString()) {
            throw new InvalidParametersException("params.name", "must name the tool to call");
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new InvalidParametersException("params.arguments", "must be an object of the tool's parameters");
        }
    }

    /** Names and texts outside a tool's arguments (which its own parameter validation bounds) are short. */
    private static void requireShortText(JsonNode node, String path, boolean toolCall, int maxLength) {
        if (toolCall && path.equals("params.arguments")) {
            return;
        }
        if (node.isString() && node.asString().length() > maxLength) {
            throw new InvalidParametersException(
                    path, "is longer than " + maxLength + " characters (athena.mcp.max-field-length)");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                if (property.getKey().length() > maxLength) {
                    throw new InvalidParametersException(
                            path.isEmpty() ? "body" : path,
                            "has a member name longer than " + maxLength + " characters (athena.mcp.max-field-length)");
                }
                requireShortText(property.getValue(), child, toolCall, maxLength);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireShortText(node.get(i), path + "[" + i + "]", toolCall, maxLength);
            }
        }
    }
}
