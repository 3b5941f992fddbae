using System.Xml.Linq;
using HelpdeskBot.Bot.Conversations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// The ASP.NET Core data-protection key ring (what protects the agent and admin consoles' sign-in cookies and antiforgery
/// tokens) lives in the state database, so every instance on the same database reads the same keys: a console signed in
/// through one instance stays signed in on another, behind any load balancer, and survives a restart or a new machine.
/// The framework's default, a directory under the user's home, is one ring per machine.
/// </summary>
internal static class SharedKeyRing
{
    /// <summary>
    /// One application name for every instance: by default the framework isolates keys per content-root path, which
    /// differs between machines and containers.
    /// </summary>
    public const string ApplicationName = "HelpdeskBot";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new StateDatabaseKeyRepository(sp.GetRequiredService<IDbContextFactory<StateDbContext>>())));
        services.AddHostedService<FirstKey>();

        // With WebSecurity:KeyRingCertificatePath, keys are encrypted with the certificate before they are stored, and
        // decrypted with it when read. A file that cannot be loaded is left to the settings' check at start, which names it.
        var section = configuration.GetSection(WebSecurityOptions.SectionName);
        var password = section[nameof(WebSecurityOptions.KeyRingCertificatePassword)];
        if (section[nameof(WebSecurityOptions.KeyRingCertificatePath)] is { Length: > 0 } path && KeyRingCertificate.Problem(path, password) is null)
        {
            var certificate = KeyRingCertificate.Load(path, password);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return services;
    }
}

/// <summary>The certificate of <see cref="WebSecurityOptions.KeyRingCertificatePath"/>, which encrypts the stored keys.</summary>
internal static class KeyRingCertificate
{
    /// <summary>Why the file cannot encrypt the key ring (for the settings' check at start), or null when it can.</summary>
    public static string? Problem(string path, string? password)
    {
        if (!File.Exists(path))
        {
            return $"no file at '{path}'.";
        }
        try
        {
            using var certificate = Load(path, password);
            return certificate.HasPrivateKey ? null : "the certificate has no private key, so keys it encrypts could not be read back.";
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return $"'{path}' is not a PKCS#12 file this password opens ({ex.Message}).";
        }
    }

    public static System.Security.Cryptography.X509Certificates.X509Certificate2 Load(string path, string? password) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
            path, password, System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet);
}

/// <summary>
/// Makes the ring's first key on PostgreSQL under an advisory lock, after the state database is migrated and before the
/// framework's own start-up reads the ring. Instances started together on an empty database would otherwise each make a
/// key of their own and read the others' only at their next refresh of the ring, so a console signed in on one would be
/// refused by another meanwhile. Later keys are made days before they become current, so every instance has read them
/// by then. SQLite needs none of this: instances sharing a data directory share one machine and start one by one.
/// </summary>
internal sealed class FirstKey(IKeyManager keys, IDbContextFactory<StateDbContext> dbFactory, IOptions<KeyManagementOptions> options, TimeProvider time)
    : IHostedLifecycleService
{
    /// <summary>The advisory lock key of the key ring ("HDBKR" in ASCII; each store has its own).</summary>
    private const long LockKey = 0x48_44_42_4B_52;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            if (keys.GetAllKeys().Count == 0)
            {
                var now = time.GetUtcNow();
                keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
            }
        }
        finally
        {
            if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                // Explicitly: the pooled connection's session, and with it the lock, outlives its Close.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A data-protection key as the framework writes it (an XML element), one row per key.</summary>
internal sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}

/// <summary>
/// The framework's key store on the state database. It reads the whole ring when the framework loads or refreshes it
/// (at start, every 24 hours, and when a payload names a key it has not seen yet, within the framework's refresh window)
/// and adds a row when it makes a key (on first start, then a few days before the current key expires every 90 days).
/// Keys are written as the framework gives them: encrypted with <see cref="WebSecurityOptions.KeyRingCertificatePath"/>'s
/// certificate when one is configured, otherwise unencrypted, as the framework's own directory store keeps them; then
/// the state database is to be protected as a secret store (docs/web-security.md, "The key ring").
/// </summary>
internal sealed class StateDatabaseKeyRepository(IDbContextFactory<StateDbContext> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = dbFactory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
