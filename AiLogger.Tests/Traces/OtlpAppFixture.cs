using System.Net.Http.Headers;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Net.Client;

namespace AiLogger.Tests.Traces;

/// <summary>The app with OTLP/gRPC on a free port of its own.</summary>
public sealed class OtlpAppFixture : AppFixture
{
    public OtlpAppFixture() : base(new Dictionary<string, string?> { ["AiLogger:Otlp:GrpcPort"] = ServerProcess.FreePort().ToString() })
    {
    }

    public Uri GrpcAddress => new($"http://127.0.0.1:{Services.GetRequiredService<AiLogger.Web.Api.OtlpGrpcServer>().Port}");

    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress(GrpcAddress);

    /// <summary>Polls <c>GET /api/traces/{id}</c> until it has <paramref name="spans"/> spans (exporters send in the background).</summary>
    public async Task<JsonElement> WaitForTraceAsync(string traceId, int spans, TimeSpan? timeout = null)
    {
        using var client = CreateClient(AdminKey);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            using var response = await client.GetAsync($"/api/traces/{traceId}");
            if (response.IsSuccessStatusCode)
            {
                var trace = await response.ReadJsonAsync();
                if (trace.GetProperty("spans").GetArrayLength() >= spans || DateTime.UtcNow > deadline) return trace;
            }
            else if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"trace {traceId} was not stored: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Polls the log search until <paramref name="query"/> finds at least one event.</summary>
    public async Task<List<JsonElement>> WaitForEventsAsync(string query, int count = 1)
    {
        using var client = CreateClient(AdminKey);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var events = await client.SearchAllAsync(query);
            if (events.Count >= count || DateTime.UtcNow > deadline) return events;
            await Task.Delay(100);
        }
    }

    public static HttpContent Protobuf(Google.Protobuf.IMessage message)
    {
        var content = new ByteArrayContent(Google.Protobuf.MessageExtensions.ToByteArray(message));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}
