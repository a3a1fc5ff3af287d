package io.tidemark.stack.kit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server that can be switched off: while down it cuts every open
 * connection and accepts new ones only to close them at once, as a network failure would. In fault
 * mode it also parses each HTTP request and, at rates that can change while it runs, answers an
 * S3-style 5xx, resets the connection, or stalls the request before forwarding it.
 */
public final class FaultyProxy implements AutoCloseable {
  /** How long a stalled request waits before it is forwarded. */
  public static final Duration STALL = Duration.ofSeconds(5);

  private final ServerSocket server;
  private final int upstreamPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean down;

  /**
   * Fault mode (null: plain pass-through): per request, an HTTP 5xx error or a connection reset.
   */
  private static final long FIRST_ERROR_AT = 4;

  private static final long FIRST_RESET_AT = 7;
  private final Random random;
  private final boolean fixedFirstFaults;
  private long drawn;
  private volatile double errorRate;
  private volatile double resetRate;
  private volatile double stallRate;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();

  public FaultyProxy(int upstreamPort) throws IOException {
    this(upstreamPort, null, 0, 0);
  }

  /**
   * A proxy that parses each HTTP request head and, drawing from {@code random}, answers it with an
   * S3-style 500/503 error and {@code Connection: close} (probability {@code errorRate}), resets
   * the connection (SO_LINGER 0, probability {@code resetRate}), or forwards it.
   */
  public FaultyProxy(int upstreamPort, Random random, double errorRate, double resetRate)
      throws IOException {
    this.upstreamPort = upstreamPort;
    this.random = random;
    this.errorRate = errorRate;
    this.resetRate = resetRate;
    this.fixedFirstFaults = errorRate > 0 || resetRate > 0;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "faulty-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /**
   * Changes the fault rates of a proxy made with a {@code Random} (all zero: pass-through with
   * request parsing). A stalled request waits {@link #STALL} before it is forwarded.
   */
  public void faults(double errorRate, double resetRate, double stallRate) {
    if (random == null) {
      throw new IllegalStateException("this proxy was made without fault mode");
    }
    this.errorRate = errorRate;
    this.resetRate = resetRate;
    this.stallRate = stallRate;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Connections refused while down. */
  public int refused() {
    return refused.get();
  }

  /** Requests seen in fault mode. */
  public int requests() {
    return requests.get();
  }

  /** Requests answered with an HTTP 5xx error in fault mode. */
  public int errors() {
    return errors.get();
  }

  /** Connections reset in fault mode. */
  public int resets() {
    return resets.get();
  }

  /** Requests stalled for {@link #STALL} in fault mode. */
  public int stalls() {
    return stalls.get();
  }

  public void down() {
    down = true;
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  public void up() {
    down = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (down) {
          refused.incrementAndGet();
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        if (random == null) {
          pump(client, upstream);
        } else {
          pumpRequests(client, upstream);
        }
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or upstream gone: the next accept decides
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "faulty-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private enum Fault {
    NONE,
    ERROR_500,
    ERROR_503,
    RESET,
    STALL
  }

  private Fault draw() {
    synchronized (random) {
      // The first fault of each kind comes at a fixed request, so a short run still injects both;
      // the rest are drawn at the configured rates.
      long n = ++drawn;
      if (fixedFirstFaults && n == FIRST_ERROR_AT) {
        return Fault.ERROR_503;
      }
      if (fixedFirstFaults && n == FIRST_RESET_AT) {
        return Fault.RESET;
      }
      double d = random.nextDouble();
      if (d < errorRate) {
        return random.nextBoolean() ? Fault.ERROR_503 : Fault.ERROR_500;
      }
      if (d < errorRate + resetRate) {
        return Fault.RESET;
      }
      return d < errorRate + resetRate + stallRate ? Fault.STALL : Fault.NONE;
    }
  }

  /** Client to upstream, one request at a time: each head decides the request's fate. */
  private void pumpRequests(Socket client, Socket upstream) {
    Thread t =
        new Thread(
            () -> {
              try {
                InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
                // Buffered: chunk size lines are copied byte by byte; every copy step flushes.
                OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), 64 * 1024);
                byte[] buf = new byte[64 * 1024];
                while (true) {
                  byte[] head = readHead(in);
                  if (head == null) {
                    break;
                  }
                  requests.incrementAndGet();
                  String headers =
                      new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                  long length = 0;
                  boolean framed = true;
                  boolean expectContinue = headers.contains("\r\nexpect: 100-continue");
                  for (String line : headers.split("\r\n")) {
                    if (line.startsWith("content-length:")) {
                      length = Long.parseLong(line.substring("content-length:".length()).trim());
                    } else if (line.startsWith("transfer-encoding:")
                        && !line.contains("identity")) {
                      framed = false;
                    }
                  }
                  Fault fault = draw();
                  if (fault == Fault.RESET) {
                    resets.incrementAndGet();
                    client.setSoLinger(true, 0);
                    break;
                  }
                  if (fault == Fault.STALL) {
                    stalls.incrementAndGet();
                    try {
                      Thread.sleep(STALL.toMillis());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      break;
                    }
                  } else if (fault != Fault.NONE) {
                    errors.incrementAndGet();
                    if (!expectContinue) {
                      // Read the body the client is sending, so it gets the answer rather than a
                      // reset.
                      if (framed) {
                        copy(in, OutputStream.nullOutputStream(), length, buf);
                      } else {
                        copyChunked(in, OutputStream.nullOutputStream(), buf);
                      }
                    }
                    client.getOutputStream().write(errorResponse(fault));
                    client.getOutputStream().flush();
                    client.shutdownOutput();
                    break;
                  }
                  out.write(head);
                  out.flush();
                  // Forward exactly this request's body, so the next request on a kept-alive
                  // connection
                  // gets a head of its own (and its own draw).
                  boolean complete =
                      framed ? copy(in, out, length, buf) : copyChunked(in, out, buf);
                  if (!complete) {
                    break;
                  }
                }
              } catch (IOException | RuntimeException e) {
                // connection cut
              } finally {
                closeQuietly(client);
                closeQuietly(upstream);
                sockets.remove(client);
                sockets.remove(upstream);
              }
            },
            "faulty-proxy-requests");
    t.setDaemon(true);
    t.start();
  }

  /** Copies {@code length} bytes; false when the stream ended first. */
  private static boolean copy(InputStream in, OutputStream out, long length, byte[] buf)
      throws IOException {
    while (length > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length));
      if (n < 0) {
        return false;
      }
      out.write(buf, 0, n);
      out.flush();
      length -= n;
    }
    return true;
  }

  /**
   * Copies one chunked body (RFC 9112 7.1: size lines with optional extensions, such as SigV4's
   * chunk signatures, data, the last chunk and trailers) as it is; false when the stream ended
   * first.
   */
  private static boolean copyChunked(InputStream in, OutputStream out, byte[] buf)
      throws IOException {
    while (true) {
      String sizeLine = copyLine(in, out);
      if (sizeLine == null) {
        return false;
      }
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size line: " + sizeLine);
      }
      if (size == 0) {
        String trailer;
        do {
          trailer = copyLine(in, out);
          if (trailer == null) {
            return false;
          }
        } while (!trailer.isEmpty());
        return true;
      }
      if (!copy(in, out, size, buf) || copyLine(in, out) == null) {
        return false;
      }
    }
  }

  /** Copies one CRLF-terminated line; returns it without the line end, or null at end of stream. */
  private static String copyLine(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      if (b == '\n') {
        out.flush();
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
      if (line.size() > 64 * 1024) {
        throw new IOException("chunk line too long");
      }
    }
    return null;
  }

  /** The bytes up to and including the blank line ending a request head; null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched =
          (b == '\r' && (matched == 0 || matched == 2))
                  || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
      if (head.size() > 64 * 1024) {
        throw new IOException("request head too large");
      }
    }
    if (head.size() > 0) {
      throw new IOException("connection closed inside a request head");
    }
    return null;
  }

  private static byte[] errorResponse(Fault fault) {
    boolean slowDown = fault == Fault.ERROR_503;
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + (slowDown ? "SlowDown" : "InternalError")
            + "</Code><Message>"
            + (slowDown
                ? "Please reduce your request rate."
                : "We encountered an internal error. Please try again.")
            + "</Message><RequestId>FAULTYPROXY</RequestId><HostId>faulty-proxy</HostId></Error>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        (slowDown ? "HTTP/1.1 503 Slow Down" : "HTTP/1.1 500 Internal Server Error")
            + "\r\n"
            + "Content-Type: application/xml\r\n"
            + "Content-Length: "
            + bytes.length
            + "\r\n"
            + "x-amz-request-id: FAULTYPROXY\r\n"
            + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + bytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
    return all;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
