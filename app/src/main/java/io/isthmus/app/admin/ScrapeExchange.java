package io.isthmus.app.admin;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The JDK exchange as the Prometheus scrape handler sees one, so that {@code /metrics} gets the
 * client's content negotiation (text, OpenMetrics, protobuf), gzip and {@code name[]} filters.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
  private final HttpExchange exchange;

  ScrapeExchange(HttpExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return new PrometheusHttpRequest() {
      @Override
      public String getQueryString() {
        return exchange.getRequestURI().getRawQuery();
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return Collections.enumeration(values == null ? List.of() : values);
      }

      @Override
      public String getMethod() {
        return exchange.getRequestMethod();
      }

      @Override
      public String getRequestPath() {
        return exchange.getRequestURI().getPath();
      }
    };
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return new PrometheusHttpResponse() {
      @Override
      public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
      }

      @Override
      public OutputStream sendHeadersAndGetBody(int status, int contentLength) throws IOException {
        exchange.sendResponseHeaders(status, contentLength > 0 ? contentLength : 0);
        return exchange.getResponseBody();
      }
    };
  }

  @Override
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {
    exchange.close();
  }
}
