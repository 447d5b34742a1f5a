package io.isthmus.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.proxy.core.DialogReplica;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialogCodecTest {
  static DialogReplica dialog(String callId, long expiresAt) {
    return new DialogReplica(
        callId,
        "a-" + callId,
        "b-" + callId,
        2,
        "sip:127.0.2.11:5060",
        new DialogReplica.Party(
            "a-" + callId,
            "<sip:alice@127.0.1.100>;tag=a-" + callId,
            "sip:alice@127.0.1.100:5062",
            List.of("<sip:127.0.1.50;lr>"),
            "public",
            "UDP/127.0.1.100:5062",
            1),
        new DialogReplica.Party(
            "b-" + callId,
            "<sip:bob@127.0.2.1>;tag=b-" + callId,
            "sip:gw@127.0.2.11:5060",
            List.of(),
            "private",
            null,
            0),
        "127.0.0.1:22222",
        "public",
        "private",
        "2",
        1_700_000_000_000L,
        1_700_000_001_000L,
        43_200_000L,
        expiresAt,
        "alice@isthmus.test");
  }

  @Test
  void aRecordReadsBackAsWritten() throws IOException {
    DialogReplica d = dialog("c1@host", 1_700_043_201_000L);
    assertThat(DialogCodec.decode(DialogCodec.encode(d))).isEqualTo(d);
  }

  @Test
  void aDialogWithoutByeStateOrRelayNodeReadsBackToo() throws IOException {
    DialogReplica d =
        new DialogReplica(
            "c2", null, "t", 1, "sip:gw", null, null, null, null, null, null, 0, 0, 1000, 2000,
            null);
    assertThat(DialogCodec.decode(DialogCodec.encode(d))).isEqualTo(d);
  }

  @Test
  void aVersion1RecordReadsBackWithoutAnIdentity() throws IOException {
    DialogReplica d = dialog("c5", 1_700_043_201_000L);
    byte[] v2 = DialogCodec.encode(d);
    // version 1: the same layout without the trailing identity (flag byte, UTF length, text)
    int identity = 1 + 2 + "alice@isthmus.test".length();
    byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - identity);
    v1[0] = 1;
    assertThat(DialogCodec.decode(v1))
        .isEqualTo(
            new DialogReplica(
                d.callId(),
                d.callerTag(),
                d.calleeTag(),
                d.gatewaySet(),
                d.gatewayUri(),
                d.caller(),
                d.callee(),
                d.relayNode(),
                d.callerNetwork(),
                d.calleeNetwork(),
                d.setName(),
                d.createdMillis(),
                d.answeredMillis(),
                d.intervalMillis(),
                d.expiresAtMillis(),
                null));
  }

  @Test
  void anotherVersionIsRefusedWithItsNumber() {
    byte[] b = DialogCodec.encode(dialog("c3", 0));
    b[0] = 7; // a record of a later Isthmus
    assertThatThrownBy(() -> DialogCodec.decode(b))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 7");
  }

  @Test
  void aTruncatedRecordIsRefused() {
    byte[] b = DialogCodec.encode(dialog("c4", 0));
    assertThatThrownBy(() -> DialogCodec.decode(java.util.Arrays.copyOf(b, b.length / 2)))
        .isInstanceOf(IOException.class);
  }
}
