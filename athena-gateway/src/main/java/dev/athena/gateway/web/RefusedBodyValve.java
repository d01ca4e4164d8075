package dev.athena.gateway.web;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After a request was refused before its body was read (no or a wrong API key, a foreign browser origin, a body that
 * did not arrive in time), Tomcat would read and drop the rest of the body to keep the connection alive: up to
 * {@code server.tomcat.max-swallow-size}, as slowly as the client cares to send it, on a worker thread. This valve
 * tells Tomcat to close the connection instead. A 413 keeps the swallowing, so a client still sending gets its answer.
 */
final class RefusedBodyValve extends ValveBase {

    private static final Set<Integer> REFUSED_UNREAD = Set.of(401, 403, 408);

    RefusedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (REFUSED_UNREAD.contains(response.getStatus()) && !bodyFullyRead(request)) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    private static boolean bodyFullyRead(Request request) {
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        return fullyRead.get();
    }
}
