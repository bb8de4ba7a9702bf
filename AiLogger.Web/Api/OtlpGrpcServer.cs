using System.Net;
using AiLogger.Domain.Security;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Ingest.Otlp;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Api;

/// <summary>
/// OTLP/gRPC on its own port (<see cref="OtlpOptions.GrpcPort"/>): HTTP/2 without TLS there only, as the Aspire
/// dashboard does, while the app's own addresses stay as configured. It is a second, minimal server in the same
/// process, sharing the app's ingestion path, keys and admission budget.
/// </summary>
internal sealed class OtlpGrpcServer(IServiceProvider app, IOptions<OtlpOptions> options, ILogger<OtlpGrpcServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>The port listened on once started (the configured one), or null when gRPC is off.</summary>
    public int? Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.GrpcPort == 0) return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(app.GetRequiredService<ILoggerFactory>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = string.Equals(o.GrpcAddress, "Any", StringComparison.OrdinalIgnoreCase) ? IPAddress.IPv6Any : IPAddress.Parse(o.GrpcAddress);
            kestrel.Listen(address, o.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.AddServerHeader = false;
        });
        var maxBody = app.GetRequiredService<EventReaderSettings>().MaxBodyBytes;
        builder.Services.AddGrpc(grpc =>
        {
            // Past this the client gets RESOURCE_EXHAUSTED naming the limit; gzip (grpc-encoding) is read by default.
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, maxBody);
            // A body protobuf cannot read (nested past its limit of 100) fails before the service runs; with this the
            // client learns why. Handlers only throw RpcExceptions with their own messages, and no stack trace is sent.
            grpc.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton(_ => new OtlpGrpcIngest(
            app.GetRequiredService<IApiKeyStore>(), app.GetRequiredService<Domain.Ingest.IIngestor>(),
            app.GetRequiredService<IngestAdmission>(), app.GetRequiredService<ILogger<OtlpGrpcIngest>>()));
        builder.Services.AddSingleton(app.GetRequiredService<OtlpTraceReader>());
        builder.Services.AddSingleton(app.GetRequiredService<OtlpLogReader>());
        builder.Services.AddSingleton(app.GetRequiredService<OtlpMetricReader>());

        _server = builder.Build();
        _server.MapGrpcService<OtlpTraceGrpcService>();
        _server.MapGrpcService<OtlpLogsGrpcService>();
        _server.MapGrpcService<OtlpMetricsGrpcService>();
        try
        {
            await _server.StartAsync(cancellationToken);
        }
        catch (IOException error)
        {
            // Another process has the port: say which setting to change rather than a bare bind failure.
            throw new InvalidOperationException(
                $"OTLP/gRPC cannot listen on port {o.GrpcPort} ({error.Message}). Set {OtlpOptions.Section}:GrpcPort to a free port, or 0 to turn OTLP/gRPC off.", error);
        }
        var bound = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Port = bound is not null && BindingAddress.Parse(bound) is { } parsed ? parsed.Port : o.GrpcPort;
        logger.LogInformation("OTLP/gRPC listening on port {Port}", Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
