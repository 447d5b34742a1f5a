package io.isthmus.proxy.core;

/**
 * Told about every answered dialog of the proxy, so that it can be carried on elsewhere (the HA
 * module writes it to Redis). Each method runs on the loop that owns the call: it must return at
 * once, never block, never throw. Nothing is made for it when it is {@link #NONE}.
 */
public interface DialogListener {
  /** A 2xx established {@code dialog}. */
  void answered(DialogReplica dialog);

  /**
   * An in-dialog request, or a refresh's 2xx, kept the dialog alive: the sides' highest CSeqs (-1
   * for a side without dialog state) and when it now expires.
   */
  void refreshed(
      String callId,
      String calleeTag,
      int callerCseq,
      int calleeCseq,
      long intervalMillis,
      long expiresAtMillis);

  /** The dialog is over (BYE, expiry, terminate, the relay ended it). */
  void ended(String callId, String calleeTag);

  /** No listener: dialogs live in this process only. */
  DialogListener NONE =
      new DialogListener() {
        @Override
        public void answered(DialogReplica dialog) {}

        @Override
        public void refreshed(
            String callId,
            String calleeTag,
            int callerCseq,
            int calleeCseq,
            long intervalMillis,
            long expiresAtMillis) {}

        @Override
        public void ended(String callId, String calleeTag) {}
      };
}
