package io.isthmus.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RelayRunnerTest {

  private static RelayOptions.Settings settings() throws Exception {
    RelayOptions options = new RelayOptions();
    new CommandLine(options)
        .parseArgs(
            "--interface=public/127.0.1.1",
            "--interface=private/127.0.2.1",
            "--listen-ng=127.0.0.1:0",
            "--port-min=46000",
            "--port-max=46099",
            "--delete-delay=0");
    return options.resolve();
  }

  private static NgResponse send(NgClient client, BDict request) throws Exception {
    return client.send(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void servesNgAndDeletesEveryCallOnClose() throws Exception {
    int relayPort;
    RelayRunner runner = RelayRunner.start(settings());
    try (NgClient client = NgClient.start(NgClientConfig.of(runner.ngAddress()))) {
      assertThat(send(client, BDict.builder().put("command", "ping").build()).result())
          .isEqualTo("pong");

      NgResponse offer =
          send(
              client,
              BDict.builder()
                  .put("command", "offer")
                  .put("call-id", "runner-1")
                  .put("from-tag", "a")
                  .putStrings("direction", List.of("public", "private"))
                  .put(
                      "sdp",
                      "v=0\r\no=- 1 1 IN IP4 127.0.1.100\r\ns=-\r\nc=IN IP4 127.0.1.100\r\n"
                          + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n")
                  .build());
      assertThat(offer.result()).isEqualTo("ok");
      String sdp = offer.body().get("sdp").toString();
      assertThat(sdp).contains("c=IN IP4 127.0.2.1");
      Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
      assertThat(m.find()).isTrue();
      relayPort = Integer.parseInt(m.group(1));
      assertThat(relayPort).isBetween(46000, 46099);
      assertThat(runner.handler().callCount()).isEqualTo(1);
    } finally {
      runner.close();
    }

    assertThat(runner.handler().callCount()).isZero();
    // The relay port of the deleted call is free again: binding it succeeds.
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.2.1"), relayPort))) {
      assertThat(s.getLocalPort()).isEqualTo(relayPort);
    }
  }
}
