package dev.tidings.transport.sse;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.transport.SubscribeParams;
import dev.tidings.transport.http.Problem;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code GET /api/channels/{name}/events} as a server-sent event stream, in front of JAX-RS (which
 * owns the rest of {@code /api}). A filter rather than a JAX-RS resource because fan-out needs Servlet
 * non-blocking writes and one encoding per message shared by every subscriber, which {@code SseEventSink}
 * cannot give. Every other request passes through untouched.
 */
@WebFilter(filterName = "tidings-sse", urlPatterns = "/api/channels/*", asyncSupported = true)
public class SseFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "/api/channels/";
    private static final String SUFFIX = "/events";

    /** Most SSE writes blocked on stalled clients at once, on a container whose writes block. */
    static final int MAX_BLOCKING_WRITERS = 256;

    @Inject
    transient ChannelRegistry registry;
    @Resource
    transient ManagedThreadFactory threadFactory;
    /** Non-null where servlet writes block; see {@link #init()}. */
    private transient ThreadPoolExecutor blockingIo;

    /**
     * OpenLiberty (26.0.0.x): a servlet write with a WriteListener set still ends in a synchronous channel
     * write once its buffer fills ({@code HttpOutputStreamImpl.flushBuffers -> synchWrite}), and so does
     * {@code flush()}: a client that stops reading would park a shared writer thread and stall every other
     * subscriber. So on Liberty each SSE write runs on this transport's own elastic pool of managed threads
     * (up to {@value #MAX_BLOCKING_WRITERS}, idle ones retire after 30 s): a stalled client holds one thread
     * until its write times out or its buffer overflows, and nobody else waits for it. Payara (Grizzly)
     * has real non-blocking writes and uses {@link SseSubscriber}, which parks no thread at all.
     */
    @Override
    public void init() {
        if (getServletContext().getServerInfo().contains("Liberty")) {
            // Elastic: an idle thread takes the write, a new one is made only when all are busy, and beyond the
            // bound the write fails (the subscriber is ended) rather than queueing behind stalled clients.
            blockingIo = new ThreadPoolExecutor(0, MAX_BLOCKING_WRITERS, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), threadFactory);
        }
    }

    @Override
    public void destroy() {
        if (blockingIo != null) {
            blockingIo.shutdown();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!"GET".equals(request.getMethod()) || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
                || path.length() <= PREFIX.length() + SUFFIX.length()) {
            chain.doFilter(request, response);
            return;
        }
        String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (name.indexOf('/') >= 0) {
            chain.doFilter(request, response);
            return;
        }
        try {
            stream(name, request, response);
        } catch (TidingsException e) {
            problem(response, Problem.of(e));
        }
    }

    private void stream(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        SubscribeParams.requireChannel(registry, name);
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*") && !accept.contains("text/*")) {
            throw new TidingsException(ErrorCode.NOT_ACCEPTABLE, "this URL streams text/event-stream; accept it");
        }
        SubscribeRequest subscribe = subscribeRequest(request);
        registry.check(name, subscribe);
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        byte[] preamble = SseFrames.retry(registry.config().retry());
        if (blockingIo != null) {
            BlockingSseSubscriber subscriber = new BlockingSseSubscriber(async, out, preamble, blockingIo);
            async.addListener(subscriber);
            subscriber.start();
            subscriber.attach(registry.subscribe(name, subscribe, subscriber));
            return;
        }
        SseSubscriber subscriber = new SseSubscriber(async, out, preamble);
        async.addListener(subscriber);
        out.setWriteListener(subscriber.output());
        Subscription subscription = registry.subscribe(name, subscribe, subscriber);
        subscriber.attach(subscription);
    }

    /** The resume position (the {@code Last-Event-ID} header, else the {@code lastEventId} parameter) and {@code replay}. */
    static SubscribeRequest subscribeRequest(HttpServletRequest request) {
        String id = request.getHeader("Last-Event-ID");
        if (id == null) {
            id = request.getParameter("lastEventId");
        }
        return SubscribeParams.parse(Optional.ofNullable(id), Optional.ofNullable(request.getParameter("replay")));
    }

    private static void problem(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(problem.json().getBytes(StandardCharsets.UTF_8));
    }
}
