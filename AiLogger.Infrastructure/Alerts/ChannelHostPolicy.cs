using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>
/// Where alert channels may send. An admin types a URL or SMTP host; without this, a channel could probe the
/// services AI-Logger's machine can reach (its metadata endpoint, a database's HTTP port). Loopback, private,
/// link-local, unique-local, carrier-grade NAT, reserved, multicast and the machine's own addresses are refused unless
/// <see cref="AlertOptions.AllowPrivateNetworks"/> or <see cref="AlertOptions.AllowedHosts"/> says otherwise;
/// <see cref="AlertOptions.DeniedHosts"/> refuses any host. The check is made on the addresses a connection actually
/// goes to (after DNS), so a name that resolves somewhere private is caught too.
/// </summary>
public sealed class ChannelHostPolicy
{
    /// <summary>Loopback, private, shared, link-local, reserved and documentation ranges (RFC 6890), multicast, NAT64.</summary>
    private static readonly IPNetwork[] PrivateNetworks =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
            "::/128", "::1/128", "64:ff9b::/96", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    /// <summary>This machine's own addresses: its services listen on them too.</summary>
    private static readonly Lazy<HashSet<IPAddress>> OwnAddresses = new(() =>
    {
        try
        {
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToHashSet();
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    });

    private readonly bool _allowPrivate;
    private readonly HostList _allowed;
    private readonly HostList _denied;

    public ChannelHostPolicy(IOptions<AlertOptions> options)
    {
        _allowPrivate = options.Value.AllowPrivateNetworks;
        _allowed = HostList.Parse(options.Value.AllowedHosts);
        _denied = HostList.Parse(options.Value.DeniedHosts);
    }

    /// <summary>Why a connection to <paramref name="address"/> (for <paramref name="host"/>) is refused; null when it may go.</summary>
    public string? Refusal(string host, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_denied.Contains(host, address)) return $"{host} is on the list of denied hosts (AiLogger:Alerts:DeniedHosts)";
        if (_allowPrivate || _allowed.Contains(host, address)) return null;
        if (PrivateNetworks.Any(n => n.Contains(address)) || OwnAddresses.Value.Contains(address))
            return $"{host} is {(host == address.ToString() ? "" : $"at {address}, ")}a loopback, private or this machine's own address, which channels may not reach "
                   + "(allow it with AiLogger:Alerts:AllowedHosts or AllowPrivateNetworks)";
        return null;
    }

    /// <summary>At creation: a URL or SMTP host that is an address or <c>localhost</c> is refused at once, with the reason.</summary>
    public string? RefusalBeforeLookup(string host)
    {
        host = host.Trim().TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(host, out var address)) return Refusal(host, address);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Refusal(host, IPAddress.Loopback);
        return _denied.Contains(host, null) ? $"{host} is on the list of denied hosts (AiLogger:Alerts:DeniedHosts)" : null;
    }

    /// <summary>Resolves <paramref name="host"/> and connects to the first address the policy allows; refused ones never see a packet.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (Refusal(host, address) is { } reason)
            {
                refusal ??= reason;
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException error)
            {
                socket.Dispose();
                failure = error;
            }
        }
        if (failure is not null) throw failure;
        throw new ChannelHostRefusedException(refusal ?? $"{host} has no address");
    }

    /// <summary>The handler of the alerts' HTTP client: the policy on every connection, no redirects, no proxy in between.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
            new NetworkStream(await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true),
    };

    private sealed class HostList(IReadOnlyList<string> names, IReadOnlyList<IPNetwork> networks)
    {
        public static HostList Parse(string? text)
        {
            var names = new List<string>();
            var networks = new List<IPNetwork>();
            foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
                else if (IPAddress.TryParse(entry, out var address)) networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
                else names.Add(entry);
            }
            return new HostList(names, networks);
        }

        public bool Contains(string host, IPAddress? address) =>
            names.Any(n => n.Equals(host, StringComparison.OrdinalIgnoreCase) || (n.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(n[1..], StringComparison.OrdinalIgnoreCase)))
            || (address is not null && networks.Any(n => n.Contains(address)));
    }
}
