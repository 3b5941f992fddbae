using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>Who a Direct Line request speaks for: the secret holder (a website back end) or one user in one conversation.</summary>
internal abstract record DirectLineCaller
{
    public sealed record SecretHolder : DirectLineCaller;

    /// <param name="Party">The signed-in party the website vouched for (<c>customer:CUS-0001</c>), null for an anonymous visitor.</param>
    public sealed record ConversationUser(string ConversationId, string UserId, string? UserName, string? Party = null) : DirectLineCaller;
}

internal enum TokenCheck { Valid, Missing, Invalid, Expired }

/// <summary>
/// Mints and checks Direct Line tokens: HS256 JWTs keyed by a key derived from the Direct Line secret, each bound to one
/// conversation and one user. Stream tokens are separate, short-lived and good only for opening the WebSocket.
/// </summary>
internal sealed class DirectLineTokens
{
    private const string Issuer = "helpdeskbot-directline";
    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";
    private const string NameClaim = "name";
    private const string ScopeClaim = "scp";
    private const string PartyClaim = "party";
    private const string ConversationScope = "conversation";
    private const string StreamScope = "stream";

    private readonly byte[] _secret;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;
    private readonly DirectLineOptions _options;
    private long _validations;

    // Conversation tokens whose signature checked out, with what they say. A token comes with every POST and GET of its
    // conversation, and checking its HMAC and reading its claims each time was over 1 % of the host's CPU under load. The
    // key is the token's SHA-256, so a token that differs anywhere is checked afresh, and only the digest and the claims
    // are kept (about 300 bytes a token). Lifetime and scope are judged on every use against the clock, as after a fresh
    // check. Expired entries go when seen, and when the cache is full (at most once a minute); a full cache of live tokens
    // takes no more, and those are checked each time. Stream tokens are used once and not kept.
    private readonly ConcurrentDictionary<Digest, Verified> _verified = new();
    private int _verifiedCount;
    private long _nextSweepTicks;
    internal const int MaxVerified = 50_000;
    private const int MaxDigestedLength = 2_048;

    private sealed record Verified(DateTime ValidFrom, DateTime ValidTo, string? Scope, string? ConversationId, string? UserId, string? UserName, string? Party);

    private readonly record struct Digest(ulong A, ulong B, ulong C, ulong D)
    {
        /// <summary>The SHA-256 of the token, or null for a token longer than any this class issues.</summary>
        public static Digest? Of(string token)
        {
            if (token.Length > MaxDigestedLength)
            {
                return null;
            }
            Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
            return new Digest(
                BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]), BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
        }
    }

    public DirectLineTokens(DirectLineSecret secret, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _secret = Encoding.UTF8.GetBytes(secret.Value);
        _key = new SymmetricSecurityKey(HMACSHA256.HashData(_secret, "HelpdeskBot Direct Line token key v1"u8));
        _time = time;
        _options = options.Value;
    }

    public int TokenLifetimeSeconds => _options.TokenLifetimeSeconds;

    public string IssueConversationToken(string conversationId, string userId, string? userName, string? party = null) =>
        Issue(conversationId, userId, userName, party, ConversationScope, TimeSpan.FromSeconds(_options.TokenLifetimeSeconds));

    public string IssueConversationToken(DirectLineCaller.ConversationUser user) =>
        IssueConversationToken(user.ConversationId, user.UserId, user.UserName, user.Party);

    public string IssueStreamToken(string conversationId, string userId) =>
        Issue(conversationId, userId, null, null, StreamScope, TimeSpan.FromSeconds(_options.StreamUrlLifetimeSeconds));

    public bool IsSecret(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(bytes, _secret);
    }

    /// <summary>
    /// Checks a conversation token presented with <paramref name="request"/>, once per request: the rate limiter reads the
    /// caller before the endpoint authorises it, with the same token. Its signature is validated once while it is remembered.
    /// </summary>
    public TokenCheck CheckConversationToken(HttpContext request, string? token, out DirectLineCaller.ConversationUser? caller) =>
        CheckOnce(request, token, ConversationScope, out caller);

    /// <summary>Checks a stream token presented with <paramref name="request"/>, validated once per request.</summary>
    public TokenCheck CheckStreamToken(HttpContext request, string? token, out DirectLineCaller.ConversationUser? caller) =>
        CheckOnce(request, token, StreamScope, out caller);

    /// <summary>Signature validations done (each check of a token not remembered as verified).</summary>
    public long Validations => Interlocked.Read(ref _validations);

    private TokenCheck CheckOnce(HttpContext request, string? token, string scope, out DirectLineCaller.ConversationUser? caller)
    {
        if (request.Items[typeof(CheckedToken)] is CheckedToken done && done.Token == token && done.Scope == scope)
        {
            caller = done.Caller;
            return done.Result;
        }
        var result = Check(token, scope, out caller);
        request.Items[typeof(CheckedToken)] = new CheckedToken(token, scope, result, caller);
        return result;
    }

    private sealed record CheckedToken(string? Token, string Scope, TokenCheck Result, DirectLineCaller.ConversationUser? Caller);

    private string Issue(string conversationId, string userId, string? userName, string? party, string scope, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [ConversationClaim] = conversationId,
            [UserClaim] = userId,
            [ScopeClaim] = scope,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (userName is not null)
        {
            claims[NameClaim] = userName;
        }
        if (party is not null)
        {
            claims[PartyClaim] = party;
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    private TokenCheck Check(string? token, string scope, out DirectLineCaller.ConversationUser? caller)
    {
        caller = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            return TokenCheck.Missing;
        }
        // Only conversation tokens are remembered, so a stream check (one per WebSocket) needs no digest; a conversation
        // token presented as a stream token is refused by its scope after the full check.
        var digest = scope == ConversationScope ? Digest.Of(token) : null;
        if (digest is { } key && _verified.TryGetValue(key, out var known))
        {
            return Judge(key, known, scope, out caller);
        }
        if (!_handler.CanReadToken(token))
        {
            return TokenCheck.Invalid;
        }

        Interlocked.Increment(ref _validations);
        // Signature and issuer first, lifetime by hand against the injected clock: one validation tells a forged token
        // (Invalid) from a genuine one that ran out (Expired).
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        };
        // The handler's validation is async only in name for symmetric keys; nothing here does I/O.
        var result = _handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            return TokenCheck.Invalid;
        }
        var verified = new Verified(
            result.SecurityToken.ValidFrom, result.SecurityToken.ValidTo, StringClaim(result, ScopeClaim), StringClaim(result, ConversationClaim),
            StringClaim(result, UserClaim), StringClaim(result, NameClaim), StringClaim(result, PartyClaim));
        if (digest is { } remembered && verified.Scope == scope)
        {
            Remember(remembered, verified);
        }
        return Judge(digest, verified, scope, out caller);
    }

    /// <summary>What a token whose signature checked out is good for now.</summary>
    private TokenCheck Judge(Digest? digest, Verified verified, string scope, out DirectLineCaller.ConversationUser? caller)
    {
        caller = null;
        var now = _time.GetUtcNow().UtcDateTime;
        if (verified.ValidTo <= now)
        {
            if (digest is { } key)
            {
                Forget(key);
            }
            return TokenCheck.Expired;
        }
        if (verified.ValidFrom > now.AddSeconds(5))
        {
            return TokenCheck.Invalid;
        }
        if (verified.Scope != scope || verified.ConversationId is not { } conversationId || verified.UserId is not { } userId)
        {
            return TokenCheck.Invalid;
        }
        caller = new DirectLineCaller.ConversationUser(conversationId, userId, verified.UserName, verified.Party);
        return TokenCheck.Valid;
    }

    private void Remember(Digest key, Verified verified)
    {
        if (Volatile.Read(ref _verifiedCount) >= MaxVerified)
        {
            var now = _time.GetUtcNow();
            var next = Interlocked.Read(ref _nextSweepTicks);
            if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddMinutes(1).UtcTicks, next) != next)
            {
                return;
            }
            foreach (var (digest, value) in _verified)
            {
                if (value.ValidTo <= now.UtcDateTime)
                {
                    Forget(digest);
                }
            }
            if (Volatile.Read(ref _verifiedCount) >= MaxVerified)
            {
                return;
            }
        }
        if (_verified.TryAdd(key, verified))
        {
            Interlocked.Increment(ref _verifiedCount);
        }
    }

    private void Forget(Digest key)
    {
        if (_verified.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _verifiedCount);
        }
    }

    /// <summary>Conversation tokens remembered as verified (at most <see cref="MaxVerified"/>).</summary>
    internal int VerifiedCount => Volatile.Read(ref _verifiedCount);

    private static string? StringClaim(TokenValidationResult result, string name) =>
        result.Claims.TryGetValue(name, out var value) ? value as string : null;
}

/// <summary>The Direct Line secret in force: configured, or generated once and kept in the data directory.</summary>
internal sealed record DirectLineSecret(string Value)
{
    public static DirectLineSecret Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DirectLineSecret(configured.Trim());
        }
        var path = Path.Combine(dataDirectory, "directline.secret");
        if (File.Exists(path))
        {
            return new DirectLineSecret(File.ReadAllText(path).Trim());
        }
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, generated);
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
            // Another process won the race: use its secret.
            File.Delete(temp);
        }
        return new DirectLineSecret(File.ReadAllText(path).Trim());
    }
}
