package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A transaction user that records every report as a line and keeps the objects. */
final class RecordingUser implements TransactionUser {
  final List<String> events = new ArrayList<>();
  final List<ServerTransaction> serverTransactions = new ArrayList<>();
  final List<SipResponse> timeoutResponses = new ArrayList<>();
  final List<SipRequest> acks = new ArrayList<>();
  final List<SipResponse> responses = new ArrayList<>();

  /** What the core does with a new server transaction, e.g. answer it at once. */
  Consumer<ServerTransaction> onNewRequest = tx -> {};

  @Override
  public void onRequest(ServerTransaction tx) {
    serverTransactions.add(tx);
    events.add("request " + tx.request().method());
    onNewRequest.accept(tx);
  }

  @Override
  public void onAck(SipRequest ack, Hop source) {
    acks.add(ack);
    events.add("ack " + source.socket());
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    responses.add(response);
    events.add("response " + response.status() + " " + tx.request().method());
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    timeoutResponses.add(synthetic408);
    events.add("timeout " + timeout + " " + tx.request().method());
  }

  @Override
  public void onStrayResponse(SipResponse response, Hop source) {
    events.add("stray " + response.status());
  }

  @Override
  public void onTransportError(Transaction tx, Throwable cause) {
    events.add("transport error " + tx.kind() + " " + cause.getMessage());
  }

  @Override
  public void onTerminated(Transaction tx) {
    events.add("terminated " + tx.kind());
  }
}
