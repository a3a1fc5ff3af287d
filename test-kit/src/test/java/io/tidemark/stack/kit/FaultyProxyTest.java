package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy in front of a real HTTP server (the JDK's), spoken to over one kept-alive
 * connection the way the AWS SDK uploads: chunked bodies with SigV4-style chunk extensions.
 */
class FaultyProxyTest {
  private HttpServer upstream;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          received.add(
              exchange.getRequestURI().getPath()
                  + "="
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, 2);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("ok".getBytes(StandardCharsets.US_ASCII));
          }
        });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  @Test
  void chunkedRequestsOnOneConnectionAreForwardedIntactOneByOne() throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(upstream.getAddress().getPort(), new Random(1), 0, 0);
        Socket socket = connect(proxy)) {
      assertThat(exchange(socket, chunkedPut("/a", "first body", "second part")))
          .startsWith("HTTP/1.1 200");
      assertThat(exchange(socket, chunkedPut("/b", "another"))).startsWith("HTTP/1.1 200");
      assertThat(exchange(socket, framedPut("/c", "framed"))).startsWith("HTTP/1.1 200");

      assertThat(received).containsExactly("/a=first bodysecond part", "/b=another", "/c=framed");
      assertThat(proxy.requests()).isEqualTo(3);
    }
  }

  @Test
  void aRequestAfterAChunkedOneOnTheSameConnectionCanStillBeFaulted() throws IOException {
    try (FaultyProxy proxy = new FaultyProxy(upstream.getAddress().getPort(), new Random(1), 0, 0);
        Socket socket = connect(proxy)) {
      assertThat(exchange(socket, chunkedPut("/a", "first"))).startsWith("HTTP/1.1 200");

      proxy.faults(1.0, 0, 0);
      String answer = exchange(socket, chunkedPut("/b", "never forwarded"));

      assertThat(answer).matches("(?s)HTTP/1.1 50[03] .*");
      assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
      assertThat(proxy.errors()).isEqualTo(1);
      assertThat(received).containsExactly("/a=first");
    }
  }

  private static Socket connect(FaultyProxy proxy) throws IOException {
    URI endpoint = URI.create(proxy.endpoint());
    Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A chunked PUT whose chunk lines carry an extension, as SigV4 streaming uploads do. */
  private static byte[] chunkedPut(String path, String... chunks) {
    StringBuilder s =
        new StringBuilder(
            "PUT " + path + " HTTP/1.1\r\nHost: upstream\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (String chunk : chunks) {
      s.append(Integer.toHexString(chunk.length()))
          .append(";chunk-signature=0123abcd\r\n")
          .append(chunk)
          .append("\r\n");
    }
    s.append("0;chunk-signature=ffff\r\n\r\n");
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] framedPut(String path, String body) {
    return ("PUT "
            + path
            + " HTTP/1.1\r\nHost: upstream\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends a request and reads one response (head and Content-Length body) from the same connection.
   */
  private static String exchange(Socket socket, byte[] request) throws IOException {
    socket.getOutputStream().write(request);
    socket.getOutputStream().flush();
    InputStream in =
        socket.getInputStream(); // unbuffered: the next response must stay in the socket
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
