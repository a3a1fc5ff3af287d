package io.tidemark.connect.s3.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Live heap of another JVM (the Connect worker): attaches with the JDK attach API, then every
 * interval forces a full GC over JMX and reads the heap in use. The maximum over the samples is the
 * peak live heap; forcing the GC keeps garbage that merely has not been collected yet out of it.
 */
final class LiveHeapSampler implements AutoCloseable {
  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final AtomicLong peak = new AtomicLong();
  private final long intervalMs;
  private volatile boolean running = true;
  private final Thread thread;

  private LiveHeapSampler(JMXConnector connector, MemoryMXBean memory, long intervalMs) {
    this.connector = connector;
    this.memory = memory;
    this.intervalMs = intervalMs;
    this.thread = new Thread(this::loop, "live-heap-sampler");
    this.thread.setDaemon(true);
  }

  static LiveHeapSampler attach(long pid, long intervalMs) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    MBeanServerConnection server = connector.getMBeanServerConnection();
    MemoryMXBean memory =
        ManagementFactory.newPlatformMXBeanProxy(
            server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    return new LiveHeapSampler(connector, memory, intervalMs);
  }

  /** Live heap right now (after a full GC). */
  long liveHeap() {
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  LiveHeapSampler start() {
    peak.set(0);
    thread.start();
    return this;
  }

  /** The peak since the last reset, after one more sample; starts a new peak. */
  long resetPeak() {
    long last = liveHeap();
    return Math.max(last, peak.getAndSet(0));
  }

  private void loop() {
    while (running) {
      try {
        peak.accumulateAndGet(liveHeap(), Math::max);
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The worker went away or JMX hiccuped: keep the peak so far.
        if (!running) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    thread.interrupt();
    connector.close();
  }
}
