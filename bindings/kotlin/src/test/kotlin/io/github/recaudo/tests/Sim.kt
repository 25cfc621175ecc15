// The simulator started by `cargo xtask ffi-test` (`recaudo sim`), its control API over HTTP,
// and every biller's options with the simulator's obviously fake credentials.

package io.github.recaudo.tests

import java.net.HttpURLConnection
import java.net.URI
import io.github.recaudo.core.Connection
import io.github.recaudo.core.CooplanOptions
import io.github.recaudo.core.UnicobrosOptions
import io.github.recaudo.core.UnicomerOptions
import io.github.recaudo.core.ZoomOptions

object Sim {
    /** `http://127.0.0.1:PORT/`, from `RECAUDO_SIM_URL`. */
    val base: String = (System.getenv("RECAUDO_SIM_URL")
        ?: error("RECAUDO_SIM_URL is not set (run the suite through `cargo xtask ffi-test`)"))
        .let { if (it.endsWith("/")) it else "$it/" }

    fun connection(biller: String, timeoutMs: Long = 2_000L): Connection = Connection(
        baseUrl = "$base$biller/",
        allowInsecureHttp = false,
        timeoutMs = timeoutMs,
        retryDelayMs = 10L,
        retryAttempts = 3U,
        settleDelayMs = 10L,
    )

    fun unicomer(password: String = "fake-password-123", timeoutMs: Long = 2_000L) = UnicomerOptions(
        connection = connection("unicomer", timeoutMs),
        username = "cajero@recaudo.test",
        password = password,
        commerce = "EMPTEST",
    )

    fun unicobros() = UnicobrosOptions(
        connection = connection("unicobros"),
        apiKey = "api-key-de-prueba",
        accessToken = "access-token-de-prueba",
    )

    fun zoom() = ZoomOptions(
        connection = connection("zoom"),
        login = "recaudador@recaudo.test",
        password = "clave-de-prueba-123",
        // The simulated bank's pay-button page, relative to Zoom's base URL (as the
        // simulator's own connect options give it).
        buttonPage = "megasoft/pagar?control={control}&retorno={return_url}",
    )

    fun cooplan() = CooplanOptions(
        connection = connection("cooplan"),
        codSeguridad = "codseg-de-prueba",
        login = "recaudador-de-prueba",
        pwd = "pwd-de-prueba",
    )

    private fun call(method: String, path: String, body: String? = null): String {
        val conn = URI("${base}_sim/$path").toURL().openConnection() as HttpURLConnection
        conn.requestMethod = method
        if (body != null) {
            conn.doOutput = true
            conn.setRequestProperty("Content-Type", "application/json")
            conn.outputStream.use { it.write(body.toByteArray()) }
        }
        val status = conn.responseCode
        val text = (if (status < 400) conn.inputStream else conn.errorStream).bufferedReader().readText()
        check(status == 200) { "sim control $method $path: HTTP $status $text" }
        return text
    }

    fun reset() { call("POST", "reset") }

    /**
     * The customer at the simulated bank's pay-button page: opens [pageUrl] (which must show
     * the control number) and clicks [action] (`aprobar`, `rechazar`, `cancelar`,
     * `aprobar-perdido`), as the page's form posts it. Returns the HTTP status and the
     * `Location` the bank sends the browser back to.
     */
    fun bankClick(pageUrl: String, control: String, returnUrl: String, action: String): Pair<Int, String?> {
        val page = URI(pageUrl).toURL().openConnection() as HttpURLConnection
        val html = page.inputStream.bufferedReader().readText()
        check(page.responseCode == 200 && html.contains(control)) { "the bank's page shows the control number" }
        val post = URI(pageUrl.substringBefore("?")).toURL().openConnection() as HttpURLConnection
        post.instanceFollowRedirects = false
        post.requestMethod = "POST"
        post.doOutput = true
        post.setRequestProperty("Content-Type", "application/x-www-form-urlencoded")
        val form = listOf("control" to control, "retorno" to returnUrl, "accion" to action)
            .joinToString("&") { (k, v) -> "$k=${java.net.URLEncoder.encode(v, Charsets.UTF_8)}" }
        post.outputStream.use { it.write(form.toByteArray()) }
        return post.responseCode to post.getHeaderField("Location")
    }

    /** Arms a fault, e.g. `fault("unicomer", "registrarpago", "drop_after_commit")`. */
    fun fault(biller: String, endpoint: String, kind: String, delayMs: Long? = null) {
        val delay = if (delayMs != null) ""","delay_ms":$delayMs""" else ""
        call("POST", "faults", """{"biller":"$biller","endpoint":"$endpoint","kind":"$kind"$delay}""")
    }

    fun state(): String = call("GET", "state")

    /** Requests that reached a Unicomer endpoint so far. */
    fun unicomerRequests(endpoint: String): Long =
        Regex("\"$endpoint\"\\s*:\\s*(\\d+)").find(state())?.groupValues?.get(1)?.toLong()
            ?: error("no counter for $endpoint")

    /** Unicomer payments registered under a receipt number. */
    fun unicomerPayments(receipt: String): Int =
        Regex("\"num_recibo\"\\s*:\\s*\"${Regex.escape(receipt)}\"").findAll(state()).count()
}
