namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary><c>AiLogger:Otlp</c>: the OTLP receivers. OTLP/HTTP is served on the app's own addresses.</summary>
public sealed class OtlpOptions
{
    public const string Section = "AiLogger:Otlp";

    /// <summary>The OTLP/gRPC port (HTTP/2 without TLS, that port only); 0 turns gRPC off.</summary>
    public int GrpcPort { get; set; } = 4317;

    /// <summary>The address the gRPC port listens on: <c>Any</c> (every interface, the default) or an IP address.</summary>
    public string GrpcAddress { get; set; } = "Any";
}
