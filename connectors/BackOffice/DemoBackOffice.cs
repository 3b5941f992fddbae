using System.Globalization;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.BackOffice;

internal sealed record DemoBackOfficeData(
    IReadOnlyList<Customer> Customers,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<Employee> Employees,
    IReadOnlyList<LeaveBalance> LeaveBalances,
    IReadOnlyList<Payslip> Payslips,
    IReadOnlyList<ItTicket> Tickets,
    IReadOnlyList<SoftwareProduct> SoftwareCatalogue,
    IReadOnlyList<SoftwareRequest> SoftwareRequests,
    IReadOnlyList<LeaveRequest> LeaveRequests,
    IReadOnlyList<Supplier> Suppliers,
    IReadOnlyList<SupplierInvoice> SupplierInvoices);

/// <summary>
/// The demo back office's data: generated from fixed seeds and fixed dates, so the same id always carries the
/// same data on every machine. A few records are written out by hand because the README and tests name them.
/// </summary>
internal static partial class DemoBackOffice
{
    public const int Seed = 20260101;
    public const int CustomerCount = 60;
    public const int OrderCount = 240;
    public const int FirstOrderNumber = 100001;
    public const int InvoiceCount = 120;
    public const int EmployeeCount = 36;
    public const int TicketCount = 60;
    public const int LeaveYear = 2026;

    /// <summary>First day of the seeded history.</summary>
    public static readonly DateOnly FirstDay = new(2026, 9, 1);

    /// <summary>The "today" of the seeded data: statuses are what they would be at the end of this day.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 20);

    private static readonly DateTime AsOfInstant = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    public static string CustomerId(int n) => Id("CUS-", n, 4);

    public static string InvoiceId(int n) => Id("INV-2026-", n, 5);

    public static string EmployeeId(int n) => Id("EMP-", n, 4);

    public static string TicketId(int n) => Id("IT-", n, 6);

    public static string SupplierId(int n) => Id("SUP-", n, 4);

    public static string SoftwareId(int n) => Id("SW-", n, 3);

    public static string SoftwareRequestId(int n) => Id("SR-", n, 6);

    public static string LeaveRequestId(int n) => Id("LR-", n, 6);

    public static string ReturnId(int n) => Id("RET-", n, 6);

    /// <summary>Supplier invoices are numbered from <c>INV-2026-09001</c>, apart from the ones we issue.</summary>
    public const int FirstSupplierInvoice = 9001;

    /// <summary>Employees' work mobiles: <c>+62813</c> and the employee number, so EMP-0007 is <c>+6281300000007</c>.</summary>
    public static string EmployeePhone(int n) => Id("+62813", n, 8);

    /// <summary>Teams object ids for demo employees: a recognisably fake v4-shaped GUID ending in the employee number.</summary>
    public static Guid AadObjectId(int n) => Guid.Parse(Id("00000000-0000-4000-8000-", n, 12));

    private static string Id(string prefix, int n, int digits) =>
        prefix + n.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static DemoBackOfficeData Create()
    {
        // One generator per kind of record, so a change to how tickets are made does not reshuffle the orders.
        var customers = CreateCustomers(new Random(Seed));
        var orders = CreateOrders(new Random(Seed + 1), customers);
        var invoices = CreateInvoices(new Random(Seed + 2), customers, orders);
        var employees = CreateEmployees(new Random(Seed + 3));
        var (leave, payslips) = CreateLeaveAndPay(new Random(Seed + 4), employees);
        var tickets = CreateTickets(new Random(Seed + 5), employees);
        var (suppliers, supplierInvoices) = CreateSuppliers(new Random(Seed + 6));
        var catalogue = CreateSoftwareCatalogue();
        var manager = employees.Single(e => e.Id == EmployeeId(2)).Name;

        // EMP-0007 has a request waiting for her manager in each system, so pending items show in the demo.
        SoftwareRequest[] softwareRequests =
        [
            new()
            {
                Id = SoftwareRequestId(1), EmployeeId = EmployeeId(7), SoftwareId = SoftwareId(2), Status = SoftwareRequestStatus.PendingApproval,
                Justification = "Diagram alur proses approval invoice", Approver = manager,
                RequestedAt = new(2026, 11, 18, 4, 0, 0, DateTimeKind.Utc), UpdatedAt = new(2026, 11, 18, 4, 0, 0, DateTimeKind.Utc),
            },
        ];
        LeaveRequest[] leaveRequests =
        [
            new()
            {
                Id = LeaveRequestId(1), EmployeeId = EmployeeId(7), Type = LeaveType.Annual, Start = new(2026, 12, 21), End = new(2026, 12, 23),
                WorkingDays = 3, Status = LeaveRequestStatus.PendingApproval, Approver = manager,
                CreatedAt = new(2026, 11, 16, 2, 0, 0, DateTimeKind.Utc),
            },
        ];

        return new DemoBackOfficeData(
            customers, orders, invoices, employees, leave, payslips, tickets, catalogue, softwareRequests, leaveRequests, suppliers, supplierInvoices);
    }

    private static List<Customer> CreateCustomers(Random rng)
    {
        var customers = new List<Customer>
        {
            new() { Id = CustomerId(1), Name = "Budi Santoso", Email = "budi.santoso@example.com", Phone = "+6281200000001" },
        };
        var usedNames = new HashSet<string>(StringComparer.Ordinal) { "Budi Santoso" };
        string[] domains = ["example.com", "example.net", "example.org"];
        string[] mobilePrefixes = ["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "896"];

        for (var n = 2; n <= CustomerCount; n++)
        {
            var (name, email) = UniquePerson(rng, usedNames, domains[rng.Next(domains.Length)]);
            var phone = "+62" + mobilePrefixes[rng.Next(mobilePrefixes.Length)] + Digits(rng, 8);
            customers.Add(new Customer { Id = CustomerId(n), Name = name, Email = email, Phone = phone });
        }

        return customers;
    }

    private static List<Order> CreateOrders(Random rng, List<Customer> customers)
    {
        var orders = new List<Order>(OrderCount);
        var historyDays = AsOf.DayNumber - FirstDay.DayNumber;

        for (var number = FirstOrderNumber; number < FirstOrderNumber + OrderCount; number++)
        {
            if (MemorableOrder(number) is { } memorable)
            {
                orders.Add(memorable);
                continue;
            }

            // CUS-0001 owns exactly the memorable orders, so the README can describe that account completely.
            var order = new Order
            {
                Id = OrderNumber.Format(number),
                CustomerId = customers[1 + rng.Next(customers.Count - 1)].Id,
                OrderedOn = FirstDay.AddDays(rng.Next(historyDays + 1)),
            };

            var lineCount = rng.Next(1, 5);
            var products = Products.ToArray();
            rng.Shuffle(products);
            for (var line = 1; line <= lineCount; line++)
            {
                var (product, price) = products[line - 1];
                order.Lines.Add(new OrderLine
                {
                    OrderId = order.Id, LineNumber = line, ProductName = product, Quantity = rng.Next(1, 4), UnitPriceIdr = price,
                });
            }

            // Statuses follow the order's age at AsOf: recent orders are still moving, old ones have arrived.
            var age = AsOf.DayNumber - order.OrderedOn.DayNumber;
            var r = rng.NextDouble();
            order.Status = r < 0.08
                ? OrderState.Cancelled
                : age switch
                {
                    <= 1 => OrderState.Processing,
                    <= 3 => r < 0.5 ? OrderState.Processing : OrderState.Shipped,
                    <= 8 => r < 0.6 ? OrderState.Shipped : OrderState.Delivered,
                    _ => OrderState.Delivered,
                };

            if (order.Status is OrderState.Shipped or OrderState.Delivered)
            {
                var shippedOn = Min(order.OrderedOn.AddDays(rng.Next(1, 3)), AsOf);
                var carrier = Carriers[rng.Next(Carriers.Length)];
                order.Shipment = new Shipment
                {
                    OrderId = order.Id,
                    Carrier = carrier,
                    TrackingNumber = TrackingNumber(rng, carrier),
                    ShippedOn = shippedOn,
                    EstimatedDelivery = shippedOn.AddDays(rng.Next(2, 6)),
                    DeliveredOn = order.Status == OrderState.Delivered ? Min(shippedOn.AddDays(rng.Next(1, 6)), AsOf) : null,
                };
            }

            orders.Add(order);
        }

        return orders;
    }

    private static Order? MemorableOrder(int number)
    {
        var id = OrderNumber.Format(number);
        return number switch
        {
            100123 => new Order
            {
                Id = id, CustomerId = CustomerId(1), OrderedOn = new(2026, 11, 16), Status = OrderState.Shipped,
                Lines = [Line(id, 1, "Kopi Arabika Gayo 250 g", 2, 95_000), Line(id, 2, "Tumbler Stainless 500 ml", 1, 149_000)],
                Shipment = new Shipment
                {
                    OrderId = id, Carrier = "JNE", TrackingNumber = "CGK2611170123",
                    ShippedOn = new(2026, 11, 17), EstimatedDelivery = new(2026, 11, 21),
                },
            },
            100124 => new Order
            {
                Id = id, CustomerId = CustomerId(1), OrderedOn = new(2026, 11, 2), Status = OrderState.Delivered,
                Lines = [Line(id, 1, "Batik Tulis Pekalongan", 1, 475_000)],
                Shipment = new Shipment
                {
                    OrderId = id, Carrier = "SiCepat", TrackingNumber = "002611030124",
                    ShippedOn = new(2026, 11, 3), EstimatedDelivery = new(2026, 11, 6), DeliveredOn = new(2026, 11, 5),
                },
            },
            100125 => new Order
            {
                Id = id, CustomerId = CustomerId(1), OrderedOn = new(2026, 11, 19), Status = OrderState.Processing,
                Lines = [Line(id, 1, "Rice Cooker Digital 1,8 L", 1, 689_000), Line(id, 2, "Sambal Bawang Pedas 200 g", 3, 35_000)],
            },
            100127 => new Order
            {
                Id = id, CustomerId = CustomerId(1), OrderedOn = new(2026, 11, 14), Status = OrderState.Delivered,
                Lines = [Line(id, 1, "Headset Bluetooth", 1, 249_000), Line(id, 2, "Powerbank 10.000 mAh", 1, 199_000)],
                Shipment = new Shipment
                {
                    OrderId = id, Carrier = "J&T Express", TrackingNumber = "JP2611150127",
                    ShippedOn = new(2026, 11, 15), EstimatedDelivery = new(2026, 11, 19), DeliveredOn = new(2026, 11, 18),
                },
            },
            100126 => new Order
            {
                Id = id, CustomerId = CustomerId(1), OrderedOn = new(2026, 11, 10), Status = OrderState.Cancelled,
                Lines = [Line(id, 1, "Sepatu Lari Pria", 1, 559_000)],
            },
            _ => null,
        };

        static OrderLine Line(string orderId, int n, string product, int quantity, decimal price) =>
            new() { OrderId = orderId, LineNumber = n, ProductName = product, Quantity = quantity, UnitPriceIdr = price };
    }

    private static List<Invoice> CreateInvoices(Random rng, List<Customer> customers, List<Order> orders)
    {
        var invoices = new List<Invoice>(InvoiceCount)
        {
            new()
            {
                Id = InvoiceId(1), CustomerId = CustomerId(1), OrderId = OrderNumber.Format(100124), Description = "Order ORD-100124",
                AmountIdr = 475_000, IssuedOn = new(2026, 11, 2), DueOn = new(2026, 11, 16), Status = InvoiceStatus.Paid, PaidOn = new(2026, 11, 3),
            },
            new()
            {
                Id = InvoiceId(2), CustomerId = CustomerId(1), OrderId = OrderNumber.Format(100123), Description = "Order ORD-100123",
                AmountIdr = 339_000, IssuedOn = new(2026, 11, 16), DueOn = new(2026, 11, 30), Status = InvoiceStatus.Open,
            },
            new()
            {
                Id = InvoiceId(3), CustomerId = CustomerId(1), Description = "Biaya keanggotaan premium 2026",
                AmountIdr = 250_000, IssuedOn = new(2026, 10, 1), DueOn = new(2026, 10, 31), Status = InvoiceStatus.Overdue,
            },
            new()
            {
                Id = InvoiceId(4), CustomerId = CustomerId(1), OrderId = OrderNumber.Format(100127), Description = "Order ORD-100127",
                AmountIdr = 448_000, IssuedOn = new(2026, 11, 14), DueOn = new(2026, 11, 28), Status = InvoiceStatus.Paid, PaidOn = new(2026, 11, 14),
            },
        };

        var billable = orders.Where(o => o.Status != OrderState.Cancelled && o.CustomerId != CustomerId(1)).ToArray();
        rng.Shuffle(billable);
        var nextOrder = 0;
        var historyDays = AsOf.DayNumber - FirstDay.DayNumber;

        for (var n = invoices.Count + 1; n <= InvoiceCount; n++)
        {
            Invoice invoice;
            if (rng.NextDouble() < 0.75 && nextOrder < billable.Length)
            {
                var order = billable[nextOrder++];
                invoice = new Invoice
                {
                    Id = InvoiceId(n), CustomerId = order.CustomerId, OrderId = order.Id, Description = "Order " + order.Id,
                    AmountIdr = order.Lines.Sum(l => l.Quantity * l.UnitPriceIdr), IssuedOn = order.OrderedOn, DueOn = order.OrderedOn.AddDays(14),
                };
            }
            else
            {
                var issuedOn = FirstDay.AddDays(rng.Next(historyDays + 1));
                invoice = new Invoice
                {
                    Id = InvoiceId(n), CustomerId = customers[1 + rng.Next(customers.Count - 1)].Id,
                    Description = Services[rng.Next(Services.Length)], AmountIdr = rng.Next(100, 2_001) * 1_000m,
                    IssuedOn = issuedOn, DueOn = issuedOn.AddDays(30),
                };
            }

            var pastDue = invoice.DueOn < AsOf;
            var paid = rng.NextDouble() < (pastDue ? 0.8 : 0.45);
            invoice.Status = paid ? InvoiceStatus.Paid : pastDue ? InvoiceStatus.Overdue : InvoiceStatus.Open;
            if (paid)
            {
                var latest = Math.Min(invoice.DueOn.DayNumber, AsOf.DayNumber) - invoice.IssuedOn.DayNumber;
                invoice.PaidOn = invoice.IssuedOn.AddDays(rng.Next(latest + 1));
            }

            invoices.Add(invoice);
        }

        return invoices;
    }

    private static List<Employee> CreateEmployees(Random rng)
    {
        // EMP-0001 heads the company, EMP-0002..0006 lead one department each, everyone else reports to one of them.
        const int firstStaff = 2 + 5;
        var employees = new List<Employee>(EmployeeCount);
        var usedNames = new HashSet<string>(StringComparer.Ordinal) { "Rina Wijaya" };

        for (var n = 1; n <= EmployeeCount; n++)
        {
            var department = n switch
            {
                1 => 0,
                < firstStaff => n - 2,
                _ => (n - firstStaff) % Departments.Length,
            };
            var (departmentName, managerTitle, staffTitles) = Departments[department];
            var (name, email) = n == firstStaff
                ? ("Rina Wijaya", "rina.wijaya@corp.example")
                : UniquePerson(rng, usedNames, "corp.example");

            employees.Add(new Employee
            {
                Id = EmployeeId(n),
                Name = name,
                Email = email,
                ManagerId = n switch { 1 => null, < firstStaff => EmployeeId(1), _ => EmployeeId(2 + department) },
                AadObjectId = AadObjectId(n),
                Department = n == 1 ? "Management" : departmentName,
                JobTitle = n switch { 1 => "Managing Director", < firstStaff => managerTitle, _ => staffTitles[rng.Next(staffTitles.Length)] },
                JoinedOn = new DateOnly(2015, 1, 5).AddDays(rng.Next(4_200)),
                Phone = EmployeePhone(n),
                AccountLocked = n == firstStaff,
            });
        }

        return employees;
    }

    private static (List<LeaveBalance> Leave, List<Payslip> Payslips) CreateLeaveAndPay(Random rng, List<Employee> employees)
    {
        var leave = new List<LeaveBalance>();
        var payslips = new List<Payslip>();

        foreach (var employee in employees)
        {
            var memorable = employee.Id == EmployeeId(7);
            decimal annualUsed = memorable ? 4m : rng.Next(0, 21) / 2m;
            decimal sickUsed = memorable ? 1.5m : rng.Next(0, 11) / 2m;
            decimal unpaidUsed = memorable ? 0m : rng.NextDouble() < 0.15 ? rng.Next(1, 4) : 0m;
            leave.Add(new LeaveBalance { EmployeeId = employee.Id, Year = LeaveYear, Type = LeaveType.Annual, EntitledDays = 12, UsedDays = annualUsed });
            leave.Add(new LeaveBalance { EmployeeId = employee.Id, Year = LeaveYear, Type = LeaveType.Sick, EntitledDays = 12, UsedDays = sickUsed });
            leave.Add(new LeaveBalance { EmployeeId = employee.Id, Year = LeaveYear, Type = LeaveType.Unpaid, EntitledDays = 30, UsedDays = unpaidUsed });

            decimal gross = employee.ManagerId switch
            {
                _ when memorable => 9_500_000m,
                null => 75_000_000m,
                "EMP-0001" => rng.Next(50, 81) * 500_000m,
                _ => rng.Next(24, 61) * 250_000m,
            };
            var deductions = Math.Round(gross * 0.08m / 1_000m, MidpointRounding.AwayFromZero) * 1_000m;

            for (var month = 6; month <= 11; month++)
            {
                payslips.Add(new Payslip
                {
                    EmployeeId = employee.Id,
                    Period = new DateOnly(LeaveYear, month, 1),
                    PayDate = PayDate(LeaveYear, month),
                    GrossIdr = gross,
                    DeductionsIdr = deductions,
                    NetIdr = gross - deductions,
                });
            }
        }

        return (leave, payslips);
    }

    /// <summary>Salaries are paid on the 25th, or the Friday before when the 25th falls on a weekend.</summary>
    public static DateOnly PayDate(int year, int month)
    {
        var date = new DateOnly(year, month, 25);
        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => date.AddDays(-1),
            DayOfWeek.Sunday => date.AddDays(-2),
            _ => date,
        };
    }

    private static List<ItTicket> CreateTickets(Random rng, List<Employee> employees)
    {
        // Picked by ticket number rather than by the generator, so assignments do not reshuffle the tickets.
        var itStaff = employees.Where(e => e.Department == "IT" && e.ManagerId != EmployeeId(1)).Select(e => e.Name).ToArray();
        var tickets = new List<ItTicket>(TicketCount)
        {
            new()
            {
                Id = TicketId(1), EmployeeId = EmployeeId(7), Title = "Laptop tidak bisa terhubung ke VPN", Category = TicketCategory.Network,
                Status = TicketStatus.Open, Urgency = TicketUrgency.High,
                Description = "Sejak pagi VPN kantor gagal tersambung dari rumah: muncul pesan 'authentication failed' padahal password benar.",
                CreatedAt = new(2026, 11, 19, 2, 15, 0, DateTimeKind.Utc), UpdatedAt = new(2026, 11, 19, 2, 15, 0, DateTimeKind.Utc),
            },
            new()
            {
                Id = TicketId(2), EmployeeId = EmployeeId(7), Title = "Permintaan akses ke folder bersama Finance", Category = TicketCategory.Access,
                Status = TicketStatus.InProgress, Urgency = TicketUrgency.Medium,
                Description = "Saya perlu akses baca ke \\\\fileserver\\Finance\\Laporan untuk menyusun laporan bulanan.",
                AssignedTo = itStaff[0],
                CreatedAt = new(2026, 11, 17, 3, 40, 0, DateTimeKind.Utc), UpdatedAt = new(2026, 11, 18, 7, 5, 0, DateTimeKind.Utc),
                Comments =
                [
                    new()
                    {
                        TicketId = TicketId(2), Number = 1, Author = itStaff[0],
                        Text = "Menunggu persetujuan pemilik folder (Finance Manager).", CreatedAt = new(2026, 11, 18, 7, 5, 0, DateTimeKind.Utc),
                    },
                ],
            },
            new()
            {
                Id = TicketId(3), EmployeeId = EmployeeId(7), Title = "Printer lantai 3 macet", Category = TicketCategory.Printer,
                Status = TicketStatus.Resolved, Urgency = TicketUrgency.Low,
                Description = "Printer di lantai 3 macet setiap mencetak lebih dari 10 halaman.",
                AssignedTo = itStaff[1 % itStaff.Length],
                CreatedAt = new(2026, 11, 10, 1, 30, 0, DateTimeKind.Utc), UpdatedAt = new(2026, 11, 10, 6, 45, 0, DateTimeKind.Utc),
            },
        };

        var start = FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var historyMinutes = (int)(AsOfInstant - start).TotalMinutes;
        var categories = Enum.GetValues<TicketCategory>();

        for (var n = tickets.Count + 1; n <= TicketCount; n++)
        {
            var category = categories[rng.Next(categories.Length)];
            var titles = TicketTitles[category];
            var createdAt = start.AddMinutes(rng.Next(historyMinutes));
            var ageDays = (AsOfInstant - createdAt).TotalDays;
            var r = rng.NextDouble();
            var status = ageDays switch
            {
                <= 7 => r < 0.5 ? TicketStatus.Open : TicketStatus.InProgress,
                <= 21 => r < 0.2 ? TicketStatus.Open : r < 0.6 ? TicketStatus.InProgress : TicketStatus.Resolved,
                _ => r < 0.6 ? TicketStatus.Closed : TicketStatus.Resolved,
            };
            var hoursToUpdate = status == TicketStatus.Open ? 0 : rng.Next(1, Math.Max(2, (int)(ageDays * 24)));
            var employeeId = employees[rng.Next(employees.Count)].Id;
            var title = titles[rng.Next(titles.Length)];

            tickets.Add(new ItTicket
            {
                Id = TicketId(n),
                EmployeeId = employeeId,
                Title = title,
                Description = title + ".",
                AssignedTo = status == TicketStatus.Open ? null : itStaff[n % itStaff.Length],
                Category = category,
                Status = status,
                Urgency = rng.Next(100) switch { < 30 => TicketUrgency.Low, < 70 => TicketUrgency.Medium, < 92 => TicketUrgency.High, _ => TicketUrgency.Critical },
                CreatedAt = createdAt,
                UpdatedAt = Min(createdAt.AddHours(hoursToUpdate), AsOfInstant),
            });
        }

        return tickets;
    }

    private static (List<Supplier> Suppliers, List<SupplierInvoice> Invoices) CreateSuppliers(Random rng)
    {
        var suppliers = new List<Supplier>
        {
            new() { Id = SupplierId(1), Name = "PT Sumber Makmur Abadi", Email = "tagihan@sumbermakmur.example", Phone = "+62215550001" },
            new() { Id = SupplierId(2), Name = "CV Karya Logistik Nusantara", Email = "finance@karyalogistik.example", Phone = "+62315550002" },
            new() { Id = SupplierId(3), Name = "PT Kemasan Prima Indonesia", Email = "ar@kemasanprima.example", Phone = "+62225550003" },
            new() { Id = SupplierId(4), Name = "PT Solusi Data Informatika", Email = "billing@solusidata.example", Phone = "+62215550004" },
        };

        // SUP-0001's invoices are written out: one paid, one open, one overdue at AsOf.
        var invoices = new List<SupplierInvoice>
        {
            new()
            {
                Id = InvoiceId(FirstSupplierInvoice), SupplierId = SupplierId(1), Description = "Bahan baku kemasan kardus, Oktober 2026",
                AmountIdr = 12_500_000, IssuedOn = new(2026, 10, 5), DueOn = new(2026, 11, 4), PaidOn = new(2026, 11, 2),
            },
            new()
            {
                Id = InvoiceId(FirstSupplierInvoice + 1), SupplierId = SupplierId(1), Description = "Bahan baku kemasan kardus, November 2026",
                AmountIdr = 13_750_000, IssuedOn = new(2026, 11, 5), DueOn = new(2026, 12, 5),
            },
            new()
            {
                Id = InvoiceId(FirstSupplierInvoice + 2), SupplierId = SupplierId(1), Description = "Biaya pengiriman bahan baku, September 2026",
                AmountIdr = 2_150_000, IssuedOn = new(2026, 9, 20), DueOn = new(2026, 10, 20),
            },
        };

        string[] services = ["Jasa pengiriman", "Kemasan dan label", "Lisensi dan dukungan perangkat lunak"];
        var historyDays = AsOf.DayNumber - FirstDay.DayNumber;
        for (var s = 2; s <= suppliers.Count; s++)
        {
            for (var k = 0; k < 3; k++)
            {
                var issuedOn = FirstDay.AddDays(rng.Next(historyDays + 1));
                var dueOn = issuedOn.AddDays(30);
                var paid = rng.NextDouble() < (dueOn < AsOf ? 0.8 : 0.4);
                invoices.Add(new SupplierInvoice
                {
                    Id = InvoiceId(FirstSupplierInvoice + invoices.Count),
                    SupplierId = SupplierId(s),
                    Description = services[s - 2] + ", " + issuedOn.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
                    AmountIdr = rng.Next(5, 200) * 100_000m,
                    IssuedOn = issuedOn,
                    DueOn = dueOn,
                    PaidOn = paid ? issuedOn.AddDays(rng.Next(Math.Min(dueOn.DayNumber, AsOf.DayNumber) - issuedOn.DayNumber + 1)) : null,
                });
            }
        }

        return (suppliers, invoices);
    }

    private static List<SoftwareProduct> CreateSoftwareCatalogue() =>
    [
        new() { Id = SoftwareId(1), Name = "Visual Studio Code", NeedsLicence = false, NeedsApproval = false },
        new() { Id = SoftwareId(2), Name = "Microsoft Visio", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(3), Name = "Adobe Acrobat Pro", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(4), Name = "Figma", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(5), Name = "JetBrains Rider", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(6), Name = "Zoom Pro", NeedsLicence = true, NeedsApproval = false },
        new() { Id = SoftwareId(7), Name = "Tableau", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(8), Name = "AutoCAD LT", NeedsLicence = true, NeedsApproval = true },
        new() { Id = SoftwareId(9), Name = "7-Zip", NeedsLicence = false, NeedsApproval = false },
    ];

    private static (string Name, string Email) UniquePerson(Random rng, HashSet<string> usedNames, string domain)
    {
        while (true)
        {
            var first = FirstNames[rng.Next(FirstNames.Length)];
            var last = LastNames[rng.Next(LastNames.Length)];
            var name = first + " " + last;
            if (usedNames.Add(name))
            {
                return (name, (first + "." + last).ToLowerInvariant() + "@" + domain);
            }
        }
    }

    private static string TrackingNumber(Random rng, string carrier) => carrier switch
    {
        "JNE" => "CGK" + Digits(rng, 10),
        "J&T Express" => "JP" + Digits(rng, 10),
        "SiCepat" => "00" + Digits(rng, 10),
        "AnterAja" => "10" + Digits(rng, 12),
        _ => "P" + Digits(rng, 12),
    };

    private static string Digits(Random rng, int count) =>
        string.Create(count, rng, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + r.Next(10));
            }
        });

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
