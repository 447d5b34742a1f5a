/**
 * The admin HTTP endpoint: {@code /health}, Prometheus {@code /metrics} and the JSON API that
 * {@code isthmus ctl} and the status page use (calls, gateways, reload, statistics, per-call
 * trace). JDK {@code HttpServer} on virtual threads, bound to the configured address only; the
 * shapes are documented in {@code docs/admin-api.md}.
 */
package io.isthmus.app.admin;
