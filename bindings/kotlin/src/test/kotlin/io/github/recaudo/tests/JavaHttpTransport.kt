// An app-supplied transport in Kotlin, the way an Android app would wrap OkHttp: here the JDK's
// java.net.http client (no download needed). It maps failures onto recaudo's one question:
// may the request have reached the server? Only a refused connection is a certain "no".

package io.github.recaudo.tests

import java.io.IOException
import java.net.ConnectException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.concurrent.CompletionException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine
import io.github.recaudo.HttpHeader
import io.github.recaudo.HttpTransport
import io.github.recaudo.HttpTransportException
import io.github.recaudo.TransportFailureKind
import io.github.recaudo.TransportRequest
import io.github.recaudo.TransportResponse

class JavaHttpTransport : HttpTransport {
    val calls = AtomicInteger()

    private val client: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build()

    /** Headers the JDK client sets itself and refuses from callers. */
    private val restricted = setOf("connection", "content-length", "expect", "host", "upgrade")

    override suspend fun send(request: TransportRequest): TransportResponse {
        calls.incrementAndGet()
        val builder = HttpRequest.newBuilder(URI(request.url))
        request.timeoutMs?.let { builder.timeout(Duration.ofMillis(it.toLong())) }
        for (h in request.headers) {
            if (h.name.lowercase() !in restricted) builder.header(h.name, h.value)
        }
        val body = if (request.method == "GET") HttpRequest.BodyPublishers.noBody()
            else HttpRequest.BodyPublishers.ofByteArray(request.body)
        builder.method(request.method, body)
        val response = try {
            await(client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()))
        } catch (e: Throwable) {
            throw classify(unwrap(e))
        }
        val headers = response.headers().map().flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
        return TransportResponse(response.statusCode().toUShort(), headers, response.body())
    }

    /**
     * The failure inside the future's wrappers: a CompletionException, which kotlinx-coroutines
     * may wrap once more in a copy when it recovers stack traces (debug mode, as under Surefire
     * with assertions on).
     */
    private fun unwrap(e: Throwable): Throwable {
        var inner = e
        while (inner is CompletionException) inner = inner.cause ?: break
        return inner
    }

    private fun classify(e: Throwable): HttpTransportException = when (e) {
        is HttpConnectTimeoutException -> failed(TransportFailureKind.CONNECT, false, e)
        is ConnectException -> failed(TransportFailureKind.CONNECT, false, e)
        is HttpTimeoutException -> failed(TransportFailureKind.TIMEOUT, true, e)
        is IOException -> failed(TransportFailureKind.IO, true, e)
        else -> failed(TransportFailureKind.OTHER, true, e)
    }

    private fun failed(kind: TransportFailureKind, reached: Boolean, e: Throwable) =
        HttpTransportException.Failed(kind, reached, e.javaClass.simpleName + ": " + (e.message ?: ""))

    private suspend fun <T> await(future: java.util.concurrent.CompletableFuture<T>): T =
        suspendCancellableCoroutine { cont ->
            future.whenComplete { value, error ->
                if (error != null) cont.resumeWithException(error) else cont.resume(value)
            }
            cont.invokeOnCancellation { future.cancel(true) }
        }
}
