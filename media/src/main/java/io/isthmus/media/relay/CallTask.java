package io.isthmus.media.relay;

/**
 * Work on a call, run on its owning event loop by {@link MediaRelay#onCall}. May throw checked
 * exceptions (e.g. {@link io.isthmus.media.net.PortsExhaustedException}); they fail the future.
 */
@FunctionalInterface
public interface CallTask<T> {

  T run(Call call) throws Exception;
}
