/** JMH benchmarks. */
package io.isthmus.bench;
