package dev.coffer.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to a local port that drops one connection: the first connection to carry
 * more than {@code cutAfter} bytes towards the server is closed both ways, as a network
 * that goes away would. Everything else passes through untouched (TLS included), so a
 * client sees the real server, its certificate and all. For tests of clients that must
 * survive a dropped connection.
 */
public final class DroppingProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int target;

	private final long cutAfter;

	private final AtomicBoolean cut = new AtomicBoolean();

	private final AtomicInteger cuts = new AtomicInteger();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private DroppingProxy(int target, long cutAfter) throws IOException {
		this.listener = new ServerSocket(0);
		this.target = target;
		this.cutAfter = cutAfter;
		this.threads.submit(this::accept);
	}

	/**
	 * A proxy to {@code localhost:port} that drops a connection after {@code cutAfter}.
	 */
	public static DroppingProxy to(int port, long cutAfter) throws IOException {
		return new DroppingProxy(port, cutAfter);
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** How many connections it dropped (0 or 1). */
	public int cuts() {
		return this.cuts.get();
	}

	private Void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket("localhost", this.target);
				this.threads.submit(() -> pump(client, server, true));
				this.threads.submit(() -> pump(server, client, false));
			}
			catch (IOException ex) {
				// closed
			}
		}
		return null;
	}

	private Void pump(Socket from, Socket to, boolean towardsServer) {
		byte[] buffer = new byte[16 * 1024];
		long carried = 0;
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
				carried += n;
				if (towardsServer && carried > this.cutAfter && this.cut.compareAndSet(false, true)) {
					this.cuts.incrementAndGet();
					break;
				}
			}
		}
		catch (IOException ex) {
			// The other side closed.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
		return null;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		this.threads.shutdownNow();
	}

}
