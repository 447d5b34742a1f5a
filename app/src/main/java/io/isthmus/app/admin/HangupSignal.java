package io.isthmus.app.admin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reload on SIGHUP, the Unix habit for daemons. The JDK has no supported signal API; {@code
 * sun.misc.Signal} in the exported {@code jdk.unsupported} module is the one that works (it is what
 * the JDK's own shutdown hooks use underneath). It is reached by reflection because javac reports
 * it as internal proprietary API with a warning no annotation can silence, and warnings are errors
 * in this build. Where it is missing (another JVM) or the signal is taken (e.g. {@code -Xrs}), the
 * reload stays available through the API and a warning says so.
 */
final class HangupSignal {
  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

  private HangupSignal() {}

  /**
   * Runs {@code action} on every SIGHUP until the returned handle is closed, which puts the
   * previous handler back; a no-op handle when the signal cannot be handled here.
   */
  static AutoCloseable install(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      InvocationHandler h =
          (Object p, Method m, Object[] args) -> {
            if (m.getName().equals("handle")) {
              // Signal handlers run on a JVM thread that must return quickly.
              Thread.ofVirtual().name("isthmus-sighup").start(action);
              return null;
            }
            return switch (m.getName()) {
              case "toString" -> "isthmus SIGHUP reload";
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == args[0];
              default -> null;
            };
          };
      Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, h);
      Method handle = signal.getMethod("handle", signal, handler);
      Object previous = handle.invoke(null, hup, proxy);
      return () -> handle.invoke(null, hup, previous);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.warn("SIGHUP reload unavailable ({}); reload through POST /api/reload", e.toString());
      return () -> {};
    }
  }
}
