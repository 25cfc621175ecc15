// recaudo from Swift against the simulator: kept ready for a machine with a Swift toolchain (none
// is reachable where the other suites run). Start `recaudo sim --port 8080` and run
// `RECAUDO_SIM_URL=http://127.0.0.1:8080/ swift test` after building RecaudoFFI.xcframework.
import Foundation
import XCTest
@testable import Recaudo

final class RecaudoTests: XCTestCase {
    private var base: String {
        ProcessInfo.processInfo.environment["RECAUDO_SIM_URL"] ?? "http://127.0.0.1:8080/"
    }

    private func connection(_ biller: String) -> Connection {
        Connection(baseUrl: "\(base)\(biller)/", allowInsecureHttp: false, timeoutMs: 2000,
                   retryDelayMs: 10, retryAttempts: 3, settleDelayMs: 10)
    }

    private func unicomer(password: String = "fake-password-123") -> BillerOptions {
        .unicomer(UnicomerOptions(connection: connection("unicomer"), username: "cajero@recaudo.test",
                                  password: password, commerce: "EMPTEST"))
    }

    private func request(_ debtId: String, _ amount: String, _ receipt: String) -> PaymentRequest {
        PaymentRequest(debtId: debtId, amount: amount, receipt: receipt, paidAt: nil,
                       cashier: "CAJERO SWIFT", location: "AGENCIA", payer: nil, balance: nil,
                       extra: [:])
    }

    func testLookupAndPayUnicomer() async throws {
        let service = try CollectionService.connect(options: unicomer(), journal: memoryJournal(),
                                                    transport: nil)
        let statement = try await service.lookup(customer: "0900000001")
        XCTAssertEqual(statement.customer.id, "0900000001")
        let debt = try XCTUnwrap(statement.debts.first)
        XCTAssertEqual(debt.balance.currency, .usd)
        let receipt = "SW-\(UUID().uuidString.prefix(8))"
        let paid = try await service.pay(request: request(debt.debtId, "12.30", receipt))
        XCTAssertEqual(paid.outcome, .confirmed)
        XCTAssertEqual(paid.reference.amount, "12.30")
        let again = try await service.pay(request: request(debt.debtId, "12.30", receipt))
        XCTAssertEqual(paid, again)
    }

    func testTypedErrorsCarryTheBillersFields() async throws {
        let collector = try Collector.connect(options: unicomer(), transport: nil)
        do {
            _ = try await collector.lookup(customer: "0999999999")
            XCTFail("expected an error")
        } catch let RecaudoError.Biller(code, _, billerCode, _, _, mayHaveReachedBiller) {
            XCTAssertEqual(code, .biller)
            XCTAssertEqual(code.description, "biller")
            XCTAssertEqual(billerCode, "451")
            XCTAssertFalse(mayHaveReachedBiller)
        }
    }

    func testNoPlantedSecretInErrors() async throws {
        let planted = "planted-Swift-pw-5520"
        let collector = try Collector.connect(options: unicomer(password: planted), transport: nil)
        do {
            _ = try await collector.lookup(customer: "0900000001")
            XCTFail("expected an error")
        } catch {
            XCTAssertFalse(String(describing: error).contains(planted))
        }
    }

    func testCancellingAReadReturnsAtOnce() async throws {
        let collector = try Collector.connect(options: unicomer(), transport: nil)
        let task = Task { try await collector.lookup(customer: "0900000001") }
        task.cancel()
        _ = await task.result
    }
}
