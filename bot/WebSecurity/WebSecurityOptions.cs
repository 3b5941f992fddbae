using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// Abuse limits and browser protections (<c>WebSecurity</c> section, validated at start). The defaults are generous: a
/// person chatting, an agent working a queue or an admin curating never meets a limit; a script hammering the host does.
/// </summary>
public sealed class WebSecurityOptions : IValidatableObject
{
    public const string SectionName = "WebSecurity";

    /// <summary>Requests per window, per caller and per client IP, for each group of endpoints.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Largest request body, in bytes, per group of endpoints (the knowledge upload keeps its own larger limit).</summary>
    public BodyLimitOptions BodyLimits { get; set; } = new();

    /// <summary>
    /// Origins allowed to embed the chat page (<c>/</c>) in a frame, e.g. <c>https://www.example.com</c>: the company's
    /// website. Empty: only this site itself. The consoles can never be framed.
    /// </summary>
    public List<string> ChatFrameAncestors { get; set; } = [];

    /// <summary>
    /// Origins besides this site's own that may call <c>POST /demo/token</c> from a browser. Empty: same origin only.
    /// </summary>
    public List<string> DemoTokenOrigins { get; set; } = [];

    /// <summary>
    /// Reverse proxies (IP addresses) whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed. Empty, with
    /// <see cref="KnownNetworks"/> empty: forwarded headers are ignored, the client IP is the connection's.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of reverse proxies whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// A PKCS#12 file (.pfx) whose certificate encrypts the data-protection keys stored in the state database (the key
    /// ring protecting console cookies and antiforgery tokens). Empty: keys are stored unencrypted, as the framework's
    /// own directory store keeps them. Every instance needs the same certificate.
    /// </summary>
    public string? KeyRingCertificatePath { get; set; }

    /// <summary>The .pfx file's password; from the environment or a secret store (<c>WebSecurity__KeyRingCertificatePassword</c>).</summary>
    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>Most attachments one Direct Line activity may carry (their bytes count against the body limit).</summary>
    [Range(0, 100)]
    public int MaxAttachments { get; set; } = 10;

    /// <summary>HSTS max-age in Production (HTTPS responses only).</summary>
    [Range(0, 3650)]
    public int HstsMaxAgeDays { get; set; } = 365;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(KeyRingCertificatePath) && KeyRingCertificate.Problem(KeyRingCertificatePath, KeyRingCertificatePassword) is { } problem)
        {
            yield return new ValidationResult($"{SectionName}:KeyRingCertificatePath: {problem}");
        }
        foreach (var (name, limit) in RateLimits.Groups())
        {
            if (limit.PerUser < 1 || limit.PerIp < 1 || limit.WindowSeconds is < 1 or > 3600)
            {
                yield return new ValidationResult(
                    $"{SectionName}:RateLimits:{name} needs PerUser and PerIp of at least 1 and WindowSeconds between 1 and 3600.");
            }
        }
        foreach (var (name, bytes) in BodyLimits.Groups())
        {
            if (bytes is < 1024 or > 1024L * 1024 * 1024)
            {
                yield return new ValidationResult($"{SectionName}:BodyLimits:{name} must be between 1 KiB and 1 GiB.");
            }
        }
        foreach (var origin in ChatFrameAncestors.Concat(DemoTokenOrigins))
        {
            if (WebOrigins.Normalise(origin) is null)
            {
                yield return new ValidationResult(
                    $"'{origin}' in {SectionName}:ChatFrameAncestors or DemoTokenOrigins is not an origin such as https://www.example.com.");
            }
        }
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"'{proxy}' in {SectionName}:KnownProxies is not an IP address.");
            }
        }
        foreach (var network in KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"'{network}' in {SectionName}:KnownNetworks is not a network such as 10.0.0.0/8.");
            }
        }
    }
}

public sealed class RateLimitOptions
{
    /// <summary>Off only for capacity measurements (the load test), which are meant to exceed any per-IP limit.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Direct Line (Web Chat): tokens, conversations, activities, stream. Per user = the token's user.</summary>
    public EndpointLimit DirectLine { get; set; } = new() { PerUser = 600, PerIp = 6000 };

    /// <summary>
    /// <c>/api/messages</c>. Per user = channel + <c>from.id</c>. Azure Bot Service sends every user's activity from a few
    /// addresses, so the per-IP limit is high.
    /// </summary>
    public EndpointLimit BotFramework { get; set; } = new() { PerUser = 300, PerIp = 60_000 };

    /// <summary>Console sign-in posts. Per user = the user name tried (account lockout still applies on top).</summary>
    public EndpointLimit SignIn { get; set; } = new() { PerUser = 10, PerIp = 30 };

    /// <summary>Admin APIs and pages. Per user = the API key's name or the console user.</summary>
    public EndpointLimit Admin { get; set; } = new() { PerUser = 1200, PerIp = 3000 };

    /// <summary>Agent console pages and hub. Per user = the console user.</summary>
    public EndpointLimit Agent { get; set; } = new() { PerUser = 1200, PerIp = 3000 };

    /// <summary>Demo endpoints (each demo token starts a conversation). Per IP only: the demo users are made up.</summary>
    public EndpointLimit Demo { get; set; } = new() { PerUser = 300, PerIp = 300 };

    internal IEnumerable<(string Name, EndpointLimit Limit)> Groups() =>
    [
        (nameof(DirectLine), DirectLine), (nameof(BotFramework), BotFramework), (nameof(SignIn), SignIn),
        (nameof(Admin), Admin), (nameof(Agent), Agent), (nameof(Demo), Demo),
    ];
}

public sealed class EndpointLimit
{
    /// <summary>Requests one caller may make per window.</summary>
    public int PerUser { get; set; }

    /// <summary>Requests one client address may make per window, all callers behind it together.</summary>
    public int PerIp { get; set; }

    public int WindowSeconds { get; set; } = 60;
}

public sealed class BodyLimitOptions
{
    /// <summary>Direct Line requests (an activity is a few KiB; the activity reader refuses more than 256 KiB as well).</summary>
    public long DirectLine { get; set; } = 256 * 1024;

    /// <summary><c>/api/messages</c>.</summary>
    public long BotFramework { get; set; } = 256 * 1024;

    /// <summary>Sign-in forms and demo endpoints.</summary>
    public long Forms { get; set; } = 16 * 1024;

    /// <summary>Admin APIs without a limit of their own (the knowledge upload has a larger one, <c>AdminApi</c> options).</summary>
    public long Admin { get; set; } = 4 * 1024 * 1024;

    /// <summary>Everything else.</summary>
    public long Default { get; set; } = 1024 * 1024;

    internal IEnumerable<(string Name, long Bytes)> Groups() =>
        [(nameof(DirectLine), DirectLine), (nameof(BotFramework), BotFramework), (nameof(Forms), Forms), (nameof(Admin), Admin), (nameof(Default), Default)];
}
