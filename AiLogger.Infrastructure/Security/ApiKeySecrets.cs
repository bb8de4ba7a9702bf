using System.Security.Cryptography;
using System.Text;

namespace AiLogger.Infrastructure.Security;

/// <summary>Generates key secrets and hashes them. Secrets carry 190 random bits, so a fast hash is enough.</summary>
public static class ApiKeySecrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Marker = "ail_";

    public static string Generate() => Marker + RandomNumberGenerator.GetString(Alphabet, 32);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>What lists show: enough to recognise a generated key, little of a short hand-made one.</summary>
    public static string PrefixOf(string secret) => secret.Length >= 32 ? secret[..12] : secret[..4];
}
