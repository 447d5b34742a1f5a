/** The SIP proxy. */
package io.isthmus.proxy;
