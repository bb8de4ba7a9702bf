using System.Security.Cryptography;
using System.Text;

namespace AiLogger.Web.Security;

/// <summary>
/// The one-time secret <c>/setup</c> asks for besides a local request, printed on the console at start while no user
/// exists (as Jupyter prints its token): whoever can read the server's console may create the first admin, someone
/// who merely reaches the port through a proxy on the same host may not.
/// </summary>
public sealed class SetupToken
{
    private readonly byte[] _value = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(32, lowercase: true));
    private int _used;

    public string Value => Encoding.ASCII.GetString(_value);

    public bool IsUsed => Volatile.Read(ref _used) == 1;

    public bool Matches(string? candidate) =>
        !IsUsed && candidate is not null && CryptographicOperations.FixedTimeEquals(_value, Encoding.ASCII.GetBytes(candidate.Trim()));

    public void Use() => Interlocked.Exchange(ref _used, 1);
}
