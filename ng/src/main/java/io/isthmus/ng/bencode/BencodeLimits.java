package io.isthmus.ng.bencode;

/**
 * Bounds on what the decoders accept, so that a hostile datagram costs bounded time and memory.
 *
 * @param maxDepth containers nested in each other, the outermost dictionary counting as 1
 * @param maxElements values in one message (keys, values and list items together)
 * @param maxStringLength bytes in one string
 * @param maxMessageSize bytes of the whole encoded value
 */
public record BencodeLimits(
    int maxDepth, int maxElements, int maxStringLength, int maxMessageSize) {

  /**
   * The limits for NG over UDP: a datagram carries at most 65507 bytes (IPv4, RFC 768 length minus
   * headers), so no string can be longer; 32 levels is far beyond the 4 that rtpengine's own
   * replies use ({@code query}: tags / medias / streams / stats); 16384 elements is more than a
   * full datagram of the smallest elements ({@code 0:}) less its framing would need to be refused.
   */
  public static final BencodeLimits NG = new BencodeLimits(32, 16384, 65507, 65507);

  /** Validates the bounds. */
  public BencodeLimits {
    if (maxDepth < 1 || maxElements < 1 || maxStringLength < 0 || maxMessageSize < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
