using System.Net;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Ingest.Otlp;

internal sealed class OtlpOptionsValidator : IValidateOptions<OtlpOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpOptions o)
    {
        var failures = new List<string>();
        const string s = OtlpOptions.Section;
        if (o.GrpcPort is < 0 or > 65535) failures.Add($"{s}:GrpcPort must be a port number (1–65535), or 0 to turn OTLP/gRPC off; it is {o.GrpcPort}.");
        if (!string.Equals(o.GrpcAddress, "Any", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(o.GrpcAddress, out _))
            failures.Add($"{s}:GrpcAddress must be 'Any' or an IP address such as 127.0.0.1; it is '{o.GrpcAddress}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
