using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors;

public static class Extensions
{
    /// <summary>
    /// Registers the back-office connectors over the embedded demo back office: options (section
    /// <see cref="BackOfficeOptions.SectionName"/>, validated at start), its SQLite database, the connector
    /// services (orders, IT support, HR, invoicing, notifications, the status-change feed, and the demo-only
    /// <see cref="IDemoOutbox"/> and <see cref="Changes.IDemoStaffDesk"/>), and a
    /// hosted service that creates and seeds the database on start. The services read elapsed time from
    /// <see cref="TimeProvider"/> (the system clock unless the host registered another first) and the demo's business
    /// "today" from <see cref="BackOfficeOptions.BusinessDate"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConnectors(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<BackOfficeOptions>()
            .BindConfiguration(BackOfficeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddBackOfficeDatabases();

        services.AddSingleton(sp => new BackOfficeInitializer(
            sp.GetRequiredService<IDbContextFactory<BackOfficeDbContext>>(),
            sp.GetRequiredService<IOptions<BackOfficeOptions>>(),
            sp.GetRequiredService<ILogger<BackOfficeInitializer>>()));
        services.AddHostedService<BackOfficeInitializerService>();

        // ---- Embedded demo back office: connector services (keep these registrations together) ----
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOrderService, BackOfficeOrderService>();
        services.AddSingleton<IItSupportService, BackOfficeItSupportService>();
        services.AddSingleton<IHrService, BackOfficeHrService>();
        services.AddSingleton<IInvoiceService, BackOfficeInvoiceService>();
        services.AddSingleton<INotificationService, BackOfficeNotificationService>();
        services.AddSingleton<IDemoOutbox, DemoOutbox>();
        services.AddSingleton<Changes.DemoBackOfficeChanges>();
        services.AddSingleton<Changes.IBackOfficeChanges>(sp => sp.GetRequiredService<Changes.DemoBackOfficeChanges>());
        services.AddSingleton<Changes.IDemoStaffDesk, Changes.DemoStaffDesk>();
        // ---- End of embedded demo back office ----

        Http.HttpConnectorExtensions.AddHttpConnectors(builder);
        return builder;
    }
}
