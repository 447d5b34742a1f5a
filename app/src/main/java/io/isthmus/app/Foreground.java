package io.isthmus.app;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a service in the foreground until SIGTERM or Ctrl-C, then closes it before the JVM exits.
 */
final class Foreground {
  private Foreground() {}

  /** Something that starts a service and returns the handle that stops it. */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start() throws Exception;
  }

  /** Starts the service, blocks until a signal has closed it, and returns exit code 0. */
  static int runUntilSignal(Starter starter) throws Exception {
    AutoCloseable service = starter.start();
    CountDownLatch closed = new CountDownLatch(1);
    // SIGTERM and SIGINT run shutdown hooks: the service deletes its calls before the JVM goes.
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("isthmus-shutdown")
                .unstarted(
                    () -> {
                      try {
                        service.close();
                      } catch (Exception e) {
                        System.err.println("isthmus: error while stopping: " + e);
                      } finally {
                        closed.countDown();
                      }
                    }));
    closed.await();
    return 0;
  }
}
