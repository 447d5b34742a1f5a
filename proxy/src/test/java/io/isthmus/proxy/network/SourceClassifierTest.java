package io.isthmus.proxy.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.network.Classification.Accepted;
import io.isthmus.proxy.network.Classification.Reason;
import io.isthmus.proxy.network.Classification.Rejected;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceClassifierTest {
  private final Networks networks = TestNetworks.reference();
  private final Network pub = networks.byName("public").orElseThrow();
  private final Network priv = networks.byName("private").orElseThrow();
  private final SourceClassifier classifier = new SourceClassifier(networks);

  @Test
  void acceptsAKnownSourceOnItsOwnNetworksSocket() {
    assertThat(classifier.classify(pub, InetAddress.ofLiteral("127.0.1.11")))
        .isEqualTo(new Accepted(pub));
    assertThat(classifier.classify(priv, InetAddress.ofLiteral("127.0.2.12")))
        .isEqualTo(new Accepted(priv));
  }

  @Test
  void rejectsASourceInNoNetworkAsUnknown() {
    Classification c = classifier.classify(pub, InetAddress.ofLiteral("127.0.3.7"));
    assertThat(c).isInstanceOf(Rejected.class);
    Rejected r = (Rejected) c;
    assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_SOURCE);
    assertThat(r.explanation(pub)).isEqualTo("source address is in no configured network");
  }

  @Test
  void rejectsAPrivateSourceOnThePublicSocketAsWrongSide() {
    Classification c = classifier.classify(pub, InetAddress.ofLiteral("127.0.2.11"));
    assertThat(c).isEqualTo(new Rejected(Reason.WRONG_SIDE, priv));
    assertThat(((Rejected) c).explanation(pub))
        .isEqualTo("source belongs to network 'private', not 'public'");
  }

  @Test
  void anIpv6SourceMatchesNoIpv4Network() {
    assertThat(classifier.classify(pub, InetAddress.ofLiteral("::1")))
        .isEqualTo(new Rejected(Reason.UNKNOWN_SOURCE, null));
    assertThat(classifier.networkOf(InetAddress.ofLiteral("::1"))).isNull();
  }

  @Test
  void repeatedClassificationsShareTheirResult() {
    InetAddress a = InetAddress.ofLiteral("127.0.1.11");
    assertThat(classifier.classify(pub, a)).isSameAs(classifier.classify(pub, a));
    assertThat(classifier.networkOf(a)).isSameAs(pub);
  }
}
