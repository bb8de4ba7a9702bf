using System.Diagnostics;
using System.Net.Sockets;

namespace AiLogger.Tests.Support;

/// <summary>
/// A redis-server of the test's own on a free loopback port, without persistence, that the test may stop and start
/// again on the same port (an outage). Never the machine's shared instance.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>StackExchange.Redis's configuration text for <c>ConnectionStrings:Redis</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts one; skips the test when redis-server is not installed (fails under <c>AILOGGER_SCALE_OUT=required</c>).</summary>
    public static async Task<RedisServer> StartAsync()
    {
        ScaleOut.RequireRedisServer();
        var server = new RedisServer(ServerProcess.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) return;
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--protected-mode", "no" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} (port {Port}).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"redis-server did not listen on {Port} within 20 s.");
    }

    /// <summary>SIGKILL: an outage, as a crashed or unplugged Redis.</summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
