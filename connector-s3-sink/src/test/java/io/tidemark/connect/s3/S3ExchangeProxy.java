package io.tidemark.connect.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy in front of the stack's S3 for one Connect worker (its tasks reach S3 only
 * through it): it reads each request whole, forwards it, and records it with S3's status, so a test
 * knows which worker wrote what, when S3 saw it and what S3 answered. It can hold one chosen
 * request (after the client sent all of it, before S3 sees it) until the test releases it.
 *
 * <p>{@code Expect: 100-continue} is answered by the proxy itself and not forwarded, so S3 always
 * gets a whole request. One connection at a time per client connection, no pipelining (the AWS SDK
 * does not pipeline).
 */
final class S3ExchangeProxy implements AutoCloseable {

  /** One request and S3's answer; {@code status} is -1 until the answer came. */
  static final class Exchange {
    final long seq;
    final String method;
    final String key;
    final String query;
    final String ifMatch;
    final String ifNoneMatch;
    final String body;
    volatile long forwardedNanos = -1;
    volatile int status = -1;

    Exchange(
        long seq,
        String method,
        String key,
        String query,
        String ifMatch,
        String ifNoneMatch,
        String body) {
      this.seq = seq;
      this.method = method;
      this.key = key;
      this.query = query;
      this.ifMatch = ifMatch;
      this.ifNoneMatch = ifNoneMatch;
      this.body = body;
    }

    boolean isMarker() {
      return key.contains("/_tidemark/markers/");
    }

    boolean isWrite() {
      return method.equals("PUT") || method.equals("POST") || method.equals("DELETE");
    }

    /** The marker JSON a marker PUT carries (its body without any chunk framing). */
    String markerJson() {
      int from = body.indexOf('{');
      int to = body.lastIndexOf('}');
      return from < 0 || to < from ? "" : body.substring(from, to + 1);
    }

    @Override
    public String toString() {
      return "#"
          + seq
          + " "
          + method
          + " "
          + key
          + (query.isEmpty() ? "" : "?" + query)
          + (ifMatch == null ? "" : " If-Match " + ifMatch)
          + (ifNoneMatch == null ? "" : " If-None-Match " + ifNoneMatch)
          + " -> "
          + status;
    }
  }

  private final String bucket;
  private final IntSupplier upstreamPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Exchange> exchanges = new ArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile Predicate<Exchange> holdWhen;
  private volatile Exchange held;
  private final CountDownLatch heldLatch = new CountDownLatch(1);
  private final CountDownLatch releaseLatch = new CountDownLatch(1);

  /** {@code upstreamPort} is read per connection, so the proxy can exist before S3 starts. */
  S3ExchangeProxy(String bucket, IntSupplier upstreamPort) throws IOException {
    this.bucket = bucket;
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "s3-exchange-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Every exchange so far, in the order the requests arrived. */
  List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  /** Holds the first request matching {@code when} (once) until {@link #release()}. */
  void holdNext(Predicate<Exchange> when) {
    this.holdWhen = when;
  }

  /** The held request, once one matched; fails after {@code timeout}. */
  Exchange awaitHeld(Duration timeout) throws InterruptedException {
    if (!heldLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no request to hold within " + timeout.toSeconds() + " s");
    }
    return held;
  }

  /** Forwards the held request (and lets every later one pass). */
  void release() {
    holdWhen = null;
    releaseLatch.countDown();
  }

  /** Waits until S3 answered {@code exchange}. */
  static void awaitAnswer(Exchange exchange, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (exchange.status < 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("S3 did not answer " + exchange + " within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> serve(client), "s3-exchange-proxy");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream toClient = client.getOutputStream();
      InputStream fromUpstream = null;
      OutputStream toUpstream = null;
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String method = requestLine[0];
        String target = requestLine[1];
        StringBuilder forwardedHead = new StringBuilder(lines[0]).append("\r\n");
        long length = 0;
        boolean chunked = false;
        boolean expectContinue = false;
        String ifMatch = null;
        String ifNoneMatch = null;
        for (int i = 1; i < lines.length; i++) {
          String line = lines[i];
          String lower = line.toLowerCase(Locale.ROOT);
          String value = line.substring(line.indexOf(':') + 1).trim();
          if (lower.startsWith("expect:") && lower.contains("100-continue")) {
            expectContinue = true;
            continue;
          }
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(value);
          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
            chunked = true;
          } else if (lower.startsWith("if-match:")) {
            ifMatch = value;
          } else if (lower.startsWith("if-none-match:")) {
            ifNoneMatch = value;
          }
          forwardedHead.append(line).append("\r\n");
        }
        forwardedHead.append("\r\n");
        if (expectContinue) {
          toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          toClient.flush();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
          copyChunked(in, body);
        } else {
          copy(in, body, length);
        }
        Exchange exchange = record(method, target, ifMatch, ifNoneMatch, body.toByteArray());
        Predicate<Exchange> hold = holdWhen;
        if (hold != null && held == null && matchOnce(hold, exchange)) {
          releaseLatch.await();
        }
        if (upstream == null) {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort.getAsInt());
          sockets.add(upstream);
          fromUpstream = new BufferedInputStream(upstream.getInputStream(), 64 * 1024);
          toUpstream = upstream.getOutputStream();
        }
        exchange.forwardedNanos = System.nanoTime();
        toUpstream.write(forwardedHead.toString().getBytes(StandardCharsets.ISO_8859_1));
        body.writeTo(toUpstream);
        toUpstream.flush();
        boolean keepAlive = forwardResponse(method, fromUpstream, exchange, toClient);
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // a side closed the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(client);
      if (upstream != null) {
        close(upstream);
      }
    }
  }

  private synchronized boolean matchOnce(Predicate<Exchange> hold, Exchange exchange) {
    if (held != null || !hold.test(exchange)) {
      return false;
    }
    held = exchange;
    heldLatch.countDown();
    return true;
  }

  private Exchange record(
      String method, String target, String ifMatch, String ifNoneMatch, byte[] body) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    String prefix = "/" + bucket + "/";
    String key = decoded.startsWith(prefix) ? decoded.substring(prefix.length()) : decoded;
    String text =
        body.length <= 64 * 1024 ? new String(body, StandardCharsets.ISO_8859_1) : "(large)";
    Exchange exchange =
        new Exchange(seq.incrementAndGet(), method, key, query, ifMatch, ifNoneMatch, text);
    synchronized (exchanges) {
      exchanges.add(exchange);
    }
    return exchange;
  }

  /** Copies S3's answer to the client; false when the connection cannot be used again. */
  private static boolean forwardResponse(
      String method, InputStream from, Exchange exchange, OutputStream to) throws IOException {
    String head = readHead(from);
    if (head == null) {
      throw new IOException("S3 closed the connection without an answer");
    }
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (int i = 1; i < lines.length; i++) {
      String lower = lines[i].toLowerCase(Locale.ROOT);
      String value = lower.substring(lower.indexOf(':') + 1).trim();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(value);
      } else if (lower.startsWith("transfer-encoding:") && value.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && value.contains("close")) {
        close = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean untilClose = false;
    if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
      // no body
    } else if (chunked) {
      copyChunked(from, body);
    } else if (length >= 0) {
      copy(from, body, length);
    } else {
      from.transferTo(body);
      untilClose = true;
    }
    exchange.status = status;
    to.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    body.writeTo(to);
    to.flush();
    return !close && !untilClose;
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (length > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length));
      if (n < 0) {
        throw new IOException("stream ended inside a body");
      }
      out.write(buf, 0, n);
      length -= n;
    }
  }

  /** Copies one chunked body as it is (size lines, data, last chunk, trailers). */
  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = copyLine(in, out);
      int semicolon = sizeLine.indexOf(';');
      long size =
          Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!copyLine(in, out).isEmpty()) {
          // trailers
        }
        return;
      }
      copy(in, out, size);
      copyLine(in, out);
    }
  }

  private static String copyLine(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    throw new IOException("stream ended inside a chunked body");
  }

  /** A message head up to the blank line (without it); null when the stream ends first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        byte[] bytes = head.toByteArray();
        return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
      }
      if (head.size() > 64 * 1024) {
        throw new IOException("head too large");
      }
    }
    return null;
  }

  private void close(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    release();
    server.close();
    for (Socket s : sockets) {
      close(s);
    }
  }
}
