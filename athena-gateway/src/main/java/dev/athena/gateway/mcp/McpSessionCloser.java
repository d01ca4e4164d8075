package dev.athena.gateway.mcp;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Closes a session the way its client would, with a {@code DELETE /mcp} through the SDK's own servlet: the transport
 * keeps its sessions to itself and ends one only on a DELETE (or, much later, in its idle sweep). The DELETE rides on
 * the request that needs the room, and its answer is dropped.
 */
final class McpSessionCloser {

    private final HttpServlet transport;

    McpSessionCloser(HttpServlet transport) {
        this.transport = transport;
    }

    void close(String sessionId, HttpServletRequest during, HttpServletResponse response) throws IOException {
        try {
            transport.service(new DeleteRequest(during, sessionId), new DroppedResponse(response));
        } catch (ServletException e) {
            throw new IOException("the MCP transport failed to close a session", e);
        }
    }

    /**
     * The request that needs room, turned into a DELETE of another session; without Origin, as a local client sends it.
     */
    private static final class DeleteRequest extends HttpServletRequestWrapper {

        private final String sessionId;

        DeleteRequest(HttpServletRequest request, String sessionId) {
            super(request);
            this.sessionId = sessionId;
        }

        @Override
        public String getMethod() {
            return "DELETE";
        }

        @Override
        public String getHeader(String name) {
            if (name.equalsIgnoreCase(McpSessionGuard.SESSION_HEADER)) {
                return sessionId;
            }
            return name.equalsIgnoreCase("Origin") ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
        }
    }

    /** Swallows whatever the transport answers to the DELETE, so the real response stays untouched. */
    private static final class DroppedResponse extends HttpServletResponseWrapper {

        DroppedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {}

        @Override
        public void sendError(int status) {}

        @Override
        public void sendError(int status, String message) {}

        @Override
        public void setHeader(String name, String value) {}

        @Override
        public void addHeader(String name, String value) {}

        @Override
        public void setContentType(String type) {}

        @Override
        public void setCharacterEncoding(String charset) {}

        @Override
        public PrintWriter getWriter() {
            return new PrintWriter(Writer.nullWriter());
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {}

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
        }

        @Override
        public void flushBuffer() {}

        @Override
        public boolean isCommitted() {
            return false;
        }
    }
}
