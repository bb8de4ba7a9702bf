using System.Buffers;
using System.IO.Compression;
using AiLogger.Domain.Ingest;
using AiLogger.Infrastructure.Ingest;
using Microsoft.AspNetCore.Http.Features;

namespace AiLogger.Web.Api;

/// <summary>
/// A request body read whole into a pooled buffer, refused (413) past the configured size. Its bytes count against
/// the ingest admission budget from before the first byte is read until the answer is sent (the events parsed from
/// it live that long), so under overload a request is refused with 503 rather than held in memory.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private RequestBody(byte[] buffer) => _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // This limit replaces Kestrel's, so the client gets a message naming it instead of a reset connection.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = null;
        if (request.ContentLength > limit) throw TooLarge(request.ContentLength.Value, limit);

        var lease = await request.HttpContext.RequestServices.GetRequiredService<IngestAdmission>()
            .AdmitAsync(Math.Min(request.ContentLength ?? 64 * 1024, limit), cancellationToken);
        request.HttpContext.Response.RegisterForDispose(lease);

        var stream = request.Body;
        var gzip = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip) stream = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);

        var initial = (int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1024, 1024 * 1024);
        var body = new RequestBody(ArrayPool<byte>.Shared.Rent(initial));
        try
        {
            while (true)
            {
                if (body._length == body._buffer.Length) body.Grow();
                // A body longer than announced (chunked, or gzip once inflated) asks for more room as it grows.
                if (body._buffer.Length > lease.Bytes) await lease.GrowAsync(Math.Min(body._buffer.Length, limit + 1) - lease.Bytes, cancellationToken);
                int read;
                try
                {
                    read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken);
                }
                catch (InvalidDataException) when (gzip)
                {
                    throw new IngestFormatException("The body says Content-Encoding: gzip but is not valid gzip data.");
                }
                if (read == 0) break;
                body._length += read;
                if (body._length > limit) throw TooLarge(null, limit);
            }
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            if (gzip) await stream.DisposeAsync();
        }
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private static PayloadTooLargeException TooLarge(long? size, long limit) => new(
        (size is { } s ? $"The request body is {s:N0} bytes; " : "The request body is larger than allowed; ") +
        $"the limit is {limit:N0} bytes (AiLogger:Ingest:MaxBodyBytes). Send smaller batches.");

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
