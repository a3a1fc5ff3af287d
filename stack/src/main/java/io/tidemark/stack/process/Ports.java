package io.tidemark.stack.process;

import io.tidemark.stack.StackException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: picking free ones, refusing busy ones with a clear message. */
public final class Ports {
  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that was free a moment ago; the caller binds it soon after. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StackException("ports", "no free port on " + LOOPBACK, e);
    }
  }

  /** Returns {@code port}, or a free one when it is 0; fails when a fixed port is taken. */
  public static int claim(int port, String component, String option) {
    if (port == 0) {
      return free();
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return port;
    } catch (IOException e) {
      throw new StackException(
          component,
          "port "
              + port
              + " on "
              + LOOPBACK
              + " is already in use; stop what holds it or choose another port with "
              + option,
          null);
    }
  }

  /** Whether something accepts connections on the port. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
