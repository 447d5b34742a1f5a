package io.isthmus.media.relay;

/**
 * Told when a call's replicated state changes (HA: the state written to Redis for a standby). Runs
 * on the call's event loop and must return at once, never block: hand the work on (the replication
 * snapshots the call later on the same loop and writes it from a thread of its own).
 *
 * <ul>
 *   <li>{@link #changed}: after an offer, answer or delete (the NG layer calls {@link
 *       Call#replicate}) and when a socket learns or locks a party's source (once per learning
 *       window, never per packet).
 *   <li>{@link #removed}: the call left the relay (deleted, timed out, terminated, shut down).
 * </ul>
 */
public interface RelayStateListener {

  void changed(Call call);

  void removed(Call call);

  /** Replicates nothing (the relay without HA). */
  RelayStateListener NONE =
      new RelayStateListener() {
        @Override
        public void changed(Call call) {}

        @Override
        public void removed(Call call) {}
      };
}
