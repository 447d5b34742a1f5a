/** Injected time: the clock and scheduler every time-dependent rule runs on. */
package io.isthmus.common.time;
