using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Connectors.Tests.BackOffice;

public sealed class RegistrationTests
{
    [Fact]
    public void AddConnectors_registers_every_service_as_a_singleton_on_the_system_clock()
    {
        using var host = BackOfficeHost.Build("unused.db");
        var services = host.Services;

        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.Same(services.GetRequiredService<IOrderService>(), services.GetRequiredService<IOrderService>());
        Assert.NotNull(services.GetRequiredService<IItSupportService>());
        Assert.NotNull(services.GetRequiredService<IHrService>());
        Assert.NotNull(services.GetRequiredService<IInvoiceService>());
        Assert.NotNull(services.GetRequiredService<INotificationService>());
        Assert.NotNull(services.GetRequiredService<IDemoOutbox>());
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_reports_the_system_as_unavailable()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);

        // The path is a directory, so SQLite cannot open it: the host is built but never started.
        using var host = BackOfficeHost.Build(directory.Path);
        var orders = host.Services.GetRequiredService<IOrderService>();

        var error = await Assert.ThrowsAsync<BackOfficeUnavailableException>(
            () => orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), CancellationToken.None));
        Assert.Equal(BackOfficeSystem.Orders, error.System);
    }
}
