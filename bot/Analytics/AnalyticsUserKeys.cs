using System.Security.Cryptography;
using System.Text;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>
/// Turns who a user is into a key the dashboard can count returns with and nobody can read back: HMAC-SHA256 under a
/// secret salt. A verified customer or employee is the same key on every channel; anyone else is their channel's user id.
/// </summary>
internal sealed class AnalyticsUserKeys(byte[] salt)
{
    public static AnalyticsUserKeys Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new AnalyticsUserKeys(Encoding.UTF8.GetBytes(configured.Trim()));
        }

        var path = Path.Combine(dataDirectory, "analytics.salt");
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                // Another process made it first: use theirs.
                File.Delete(temp);
            }
        }

        return new AnalyticsUserKeys(Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim()));
    }

    public string For(string channelId, ChannelUser user)
    {
        var who = user.Requester is { Kind: not RequesterKind.Anonymous, PartyId: { Length: > 0 } party }
            ? $"{user.Requester.Kind}\n{party}"
            : $"channel\n{channelId}\n{user.Id}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(who)));
    }
}
