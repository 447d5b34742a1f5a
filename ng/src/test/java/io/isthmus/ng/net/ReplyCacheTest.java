package io.isthmus.ng.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.bencode.BString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyCacheTest {
  private static final long SECOND = 1_000_000_000L;
  private static final InetSocketAddress KAMAILIO =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);
  private static final InetSocketAddress OTHER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 5070);

  private final ReplyCache cache = new ReplyCache();
  private final long t0 = 123_456_789_000L; // arbitrary start of the monotonic clock

  @Test
  void theFirstLookupOfACookieAsksToExecute() {
    assertThat(cache.lookup(BString.of("1_2_3"), KAMAILIO, t0))
        .isInstanceOf(ReplyCache.Execute.class);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aRetransmissionGetsTheByteIdenticalReplyWithoutExecution() {
    BString cookie = BString.of("1_2_3");
    cache.lookup(cookie, KAMAILIO, t0);
    byte[] reply = "1_2_3 d6:result2:oke".getBytes();
    assertThat(cache.complete(cookie, reply, t0 + SECOND)).isEmpty();
    ReplyCache.Lookup again = cache.lookup(BString.of("1_2_3"), KAMAILIO, t0 + 5 * SECOND);
    assertThat(again)
        .isInstanceOfSatisfying(
            ReplyCache.Cached.class, c -> assertThat(c.reply()).isSameAs(reply));
  }

  @Test
  void keepsTheReplyForThirtySecondsAndForgetsItThen() {
    BString cookie = BString.of("c");
    cache.lookup(cookie, KAMAILIO, t0);
    cache.complete(cookie, new byte[] {1}, t0);
    assertThat(cache.lookup(cookie, KAMAILIO, t0 + 30 * SECOND - 1))
        .isInstanceOf(ReplyCache.Cached.class);
    assertThat(cache.lookup(cookie, KAMAILIO, t0 + 30 * SECOND))
        .isInstanceOf(ReplyCache.Execute.class);
  }

  @Test
  void aDuplicateWhileExecutingIsNotExecutedAndGetsTheReplyWhenReady() {
    BString cookie = BString.of("c");
    assertThat(cache.lookup(cookie, KAMAILIO, t0)).isInstanceOf(ReplyCache.Execute.class);
    assertThat(cache.lookup(cookie, KAMAILIO, t0 + 1)).isInstanceOf(ReplyCache.InProgress.class);
    assertThat(cache.lookup(cookie, OTHER, t0 + 2)).isInstanceOf(ReplyCache.InProgress.class);
    assertThat(cache.lookup(cookie, OTHER, t0 + 3)).isInstanceOf(ReplyCache.InProgress.class);
    assertThat(cache.complete(cookie, new byte[] {1}, t0 + 4)).containsExactly(KAMAILIO, OTHER);
  }

  @Test
  void anExecutingRequestDoesNotExpire() {
    BString cookie = BString.of("c");
    cache.lookup(cookie, KAMAILIO, t0);
    assertThat(cache.lookup(cookie, KAMAILIO, t0 + 3600 * SECOND))
        .isInstanceOf(ReplyCache.InProgress.class);
  }

  @Test
  void theCacheOwnsItsCookieEvenWhenGivenAViewOfADatagram() {
    byte[] datagram = "abc d7:command4:pinge".getBytes();
    cache.lookup(BString.view(datagram, 0, 3), KAMAILIO, t0);
    datagram[0] = 'x'; // the datagram buffer is reused
    assertThat(cache.lookup(BString.of("abc"), KAMAILIO, t0))
        .isInstanceOf(ReplyCache.InProgress.class);
  }

  @Test
  void evictsTheOldestRepliesBeyondTheByteBudget() {
    ReplyCache small = new ReplyCache(Duration.ofSeconds(30), 10);
    for (String c : new String[] {"a", "b", "c"}) {
      small.lookup(BString.of(c), KAMAILIO, t0);
      small.complete(BString.of(c), new byte[4], t0);
    }
    assertThat(small.lookup(BString.of("a"), KAMAILIO, t0)).isInstanceOf(ReplyCache.Execute.class);
    assertThat(small.lookup(BString.of("c"), KAMAILIO, t0)).isInstanceOf(ReplyCache.Cached.class);
  }

  @Test
  void completingAnUnknownCookieIsABug() {
    assertThatThrownBy(() -> cache.complete(BString.of("nope"), new byte[1], t0))
        .isInstanceOf(IllegalStateException.class);
  }
}
