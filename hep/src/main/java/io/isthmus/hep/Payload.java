package io.isthmus.hep;

import io.netty.buffer.ByteBuf;

/**
 * How a captured payload of type {@code T} is measured and copied into a HEP packet.
 * Implementations are stateless constants, so capturing a message creates no object (no capturing
 * lambda).
 *
 * @param <T> what is captured: a SIP message, a buffer slice, a text
 */
public interface Payload<T> {

  /** Octets {@link #write} will write. */
  int length(T payload);

  /** Writes exactly {@link #length} octets of {@code payload} into {@code dst} at {@code off}. */
  void write(T payload, byte[] dst, int off);

  /**
   * The readable bytes of a buffer, left untouched (reader index kept). A heap buffer is copied
   * with no allocation; a direct one may cost Netty a ByteBuffer view per copy.
   */
  Payload<ByteBuf> READABLE_BYTES =
      new Payload<>() {
        @Override
        public int length(ByteBuf b) {
          return b.readableBytes();
        }

        @Override
        public void write(ByteBuf b, byte[] dst, int off) {
          b.getBytes(b.readerIndex(), dst, off, b.readableBytes());
        }
      };

  /** A text in UTF-8 (JSON reports, off the per-message path). */
  Payload<String> UTF8_TEXT =
      new Payload<>() {
        @Override
        public int length(String s) {
          return Utf8.length(s);
        }

        @Override
        public void write(String s, byte[] dst, int off) {
          byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          System.arraycopy(bytes, 0, dst, off, bytes.length);
        }
      };
}
