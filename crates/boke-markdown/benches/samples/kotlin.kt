package blog.feed

import kotlinx.coroutines.*

/** 订阅者与发送队列 */
data class Subscriber(val email: String, val confirmed: Boolean = false)

sealed class Event {
    object Published : Event()
    data class Failed(val reason: String) : Event()
}

class Mailer(private val batch: Int = 50) {
    private val queue = mutableListOf<Subscriber>()

    fun add(vararg subs: Subscriber) = queue.addAll(subs.filter { it.confirmed })

    suspend fun send(title: String): Event = coroutineScope {
        val jobs = queue.chunked(batch).map { chunk ->
            async(Dispatchers.IO) {
                chunk.forEach { println("发送《$title》给 ${it.email}") }
                chunk.size
            }
        }
        val sent = jobs.awaitAll().sum()
        when {
            sent == 0 -> Event.Failed("没有订阅者")
            else -> Event.Published
        }
    }
}

fun main() = runBlocking {
    val m = Mailer()
    m.add(Subscriber("a@example.com", true), Subscriber("b@example.com"))
    val e = m.send("新文章")
    println(if (e is Event.Failed) e.reason else "ok ${0x1F} ${'c'} ${3.0e2} ${null ?: 1}")
}
