package io.tidemark.connect.s3.events;

/**
 * Receives a commit event after its object is visible and before the marker records it as landed.
 * {@link #publish} returns once the event is durable (or fails), so a crash can only repeat an
 * event, never lose one: recovery republishes the events of objects it finds complete.
 */
public interface CommitEventSink extends AutoCloseable {

  CommitEventSink NONE =
      new CommitEventSink() {
        @Override
        public void publish(CommitEvent event) {}

        @Override
        public void close() {}
      };

  void publish(CommitEvent event);

  @Override
  void close();
}
